package dev.mediagc.internal.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class SqlIdentifierTest {

    private static final IdentifierQuoting POSTGRES = new IdentifierQuoting("\"", IdentifierQuoting.Folding.LOWER);
    private static final IdentifierQuoting H2 = new IdentifierQuoting("\"", IdentifierQuoting.Folding.UPPER);
    private static final IdentifierQuoting MARIADB = new IdentifierQuoting("`", IdentifierQuoting.Folding.NONE);

    @Test
    void readsTableColumnAndSchemaTableColumn() {
        assertThat(SqlIdentifier.parseColumn("profile.avatar").renderTable(POSTGRES)).isEqualTo("\"profile\"");
        SqlIdentifier three = SqlIdentifier.parseColumn("public.profile.avatar");
        assertThat(three.renderTable(POSTGRES)).isEqualTo("\"public\".\"profile\"");
        assertThat(three.renderColumn(MARIADB)).isEqualTo("`avatar`");
    }

    @Test
    void unquotedNamesAreFoldedAsTheDatabaseFoldsThemThenQuoted() {
        SqlIdentifier blobKey = SqlIdentifier.parseColumn("Active_Storage_Blobs.Key");
        assertThat(blobKey.renderColumn(POSTGRES)).isEqualTo("\"key\"");
        assertThat(blobKey.renderTable(H2)).isEqualTo("\"ACTIVE_STORAGE_BLOBS\"");
        assertThat(blobKey.renderColumn(MARIADB)).isEqualTo("`Key`");
        assertThat(blobKey.renderColumn(new IdentifierQuoting(null, IdentifierQuoting.Folding.UPPER)))
                .as("a database that quotes nothing gets the name as typed").isEqualTo("Key");
    }

    @Test
    void quotedNamesKeepTheirCaseAndAreQuotedTheDatabasesWay() {
        SqlIdentifier id = SqlIdentifier.parseColumn("\"Media Items\".\"File.Path\"");
        assertThat(id.renderTable(MARIADB)).isEqualTo("`Media Items`");
        assertThat(id.renderColumn(H2)).isEqualTo("\"File.Path\"");
        assertThat(SqlIdentifier.parseColumn("`Media`.`FilePath`").renderColumn(POSTGRES)).isEqualTo("\"FilePath\"");
        assertThat(SqlIdentifier.parseColumn("\"a\"\"b\".c").renderTable(POSTGRES)).isEqualTo("\"a\"\"b\"");
        assertThat(SqlIdentifier.parseColumn("\"a`b\".c").renderTable(MARIADB)).isEqualTo("`a``b`");
    }

    @Test
    void refusesAnythingThatCouldTurnIntoSql() {
        assertThatThrownBy(() -> SqlIdentifier.parseColumn("profile.avatar; DROP TABLE profile"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain identifier");
        assertThatThrownBy(() -> SqlIdentifier.parseColumn("avatar")).hasMessageContaining("TABLE.COLUMN");
        assertThatThrownBy(() -> SqlIdentifier.parseColumn("a.b.c.d")).hasMessageContaining("TABLE.COLUMN");
        assertThatThrownBy(() -> SqlIdentifier.parseColumn("\"open.col")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> SqlIdentifier.parseColumn("profile.")).hasMessageContaining("ends with");
    }
}
