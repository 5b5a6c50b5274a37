package dev.mediagc.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlIdentifierTest {

    @Test
    void readsTableColumnAndSchemaTableColumn() {
        assertThat(SqlIdentifier.parseColumn("profile.avatar").renderTable("\"")).isEqualTo("profile");
        SqlIdentifier three = SqlIdentifier.parseColumn("public.profile.avatar");
        assertThat(three.renderTable("\"")).isEqualTo("public.profile");
        assertThat(three.renderColumn("\"")).isEqualTo("avatar");
    }

    @Test
    void quotedNamesKeepTheirCaseAndAreQuotedTheDatabasesWay() {
        SqlIdentifier id = SqlIdentifier.parseColumn("\"Media Items\".\"File.Path\"");
        assertThat(id.renderTable("`")).isEqualTo("`Media Items`");
        assertThat(id.renderColumn("\"")).isEqualTo("\"File.Path\"");
        assertThat(SqlIdentifier.parseColumn("`Media`.`FilePath`").renderColumn("\"")).isEqualTo("\"FilePath\"");
        assertThat(SqlIdentifier.parseColumn("\"a\"\"b\".c").renderTable("\"")).isEqualTo("\"a\"\"b\"");
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
