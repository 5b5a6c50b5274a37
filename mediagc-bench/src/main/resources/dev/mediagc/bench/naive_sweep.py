"""The naive orphan sweep a Django shop would write first, for mediagc-bench's SweepBenchmark.

Four steps: every reference into a set, every file under the media root into a set, the
difference, the orphans sorted into a file. Two adjustments only, so that its answer is the
generator's truth and the comparison with mediagc is fair: the '/media/' URL prefix is stripped
(mediagc's --strip-prefix /media/) and files younger than the grace period are kept (mediagc's
default --min-age 24h), with one stat per candidate. mediagc's own folder (.mediagc) is skipped.

usage: naive_sweep.py HOST PORT USER DATABASE MEDIA_ROOT OUT_FILE MIN_AGE_SECONDS
"""
import os
import sys
import time

REFERENCES = [("app_photo", "image"), ("app_document", "file"), ("app_document", "thumbnail"),
              ("app_profile", "avatar")]
PREFIX = "/media/"


def references_with_django(host, port, user, database):
    import django
    from django.conf import settings
    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": database,
                               "USER": user, "HOST": host, "PORT": port}},
        INSTALLED_APPS=[], USE_TZ=True)
    django.setup()
    from django.db import models

    def model(table, columns):
        fields = {name: models.CharField(max_length=255, null=True) for name in columns}
        fields["__module__"] = __name__
        fields["Meta"] = type("Meta", (), {"app_label": "app", "db_table": table, "managed": False})
        return type(table.title().replace("_", ""), (models.Model,), fields)

    tables = {}
    for table, column in REFERENCES:
        tables.setdefault(table, []).append(column)
    classes = {table: model(table, columns) for table, columns in tables.items()}
    referenced = set()
    for table, column in REFERENCES:
        referenced.update(classes[table].objects.values_list(column, flat=True))
    return referenced


def references_with_psycopg2(host, port, user, database):
    import psycopg2
    referenced = set()
    with psycopg2.connect(host=host, port=port, user=user, dbname=database) as connection:
        with connection.cursor() as cursor:
            for table, column in REFERENCES:
                cursor.execute('SELECT "%s" FROM "%s"' % (column, table))
                referenced.update(row[0] for row in cursor.fetchall())
    connection.close()
    return referenced


def main(host, port, user, database, root, out_file, min_age_seconds):
    try:
        import django  # noqa: F401
        variant = "django " + django.get_version()
        read_references = references_with_django
    except ImportError:
        import psycopg2
        variant = "psycopg2 " + psycopg2.__version__.split()[0]
        read_references = references_with_psycopg2
    print("python-variant: %s, python %s" % (variant, sys.version.split()[0]), file=sys.stderr)

    # 1. the references, as keys (NULL and empty rows name nothing)
    referenced = set()
    for value in read_references(host, port, user, database):
        if value:
            referenced.add(value[len(PREFIX):] if value.startswith(PREFIX) else value)

    # 2. the files, as keys relative to the root
    root = root.rstrip("/")
    stored = set()
    for folder, subfolders, names in os.walk(root):
        relative = folder[len(root) + 1:]
        if not relative and ".mediagc" in subfolders:
            subfolders.remove(".mediagc")
        prefix = relative + "/" if relative else ""
        stored.update(prefix + name for name in names)

    # 3. the difference, less the young files (uploads in flight)
    newest = time.time() - float(min_age_seconds)
    orphans = [key for key in stored - referenced if os.stat(os.path.join(root, key)).st_mtime < newest]

    # 4. the orphans, sorted, into a file
    orphans.sort()
    with open(out_file, "w", encoding="utf-8") as out:
        out.writelines(key + "\n" for key in orphans)
    print("orphans: %d" % len(orphans), file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 8:
        sys.exit(__doc__)
    main(*sys.argv[1:])
