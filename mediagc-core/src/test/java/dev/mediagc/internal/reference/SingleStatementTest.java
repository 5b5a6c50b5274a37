package dev.mediagc.internal.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class SingleStatementTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT path FROM media",
            "SELECT path FROM media;",
            "SELECT path FROM media ;  ; ",
            "SELECT path FROM media; -- the avatars",
            "SELECT 'a;b' || path FROM media",
            "SELECT \"odd;name\" FROM media",
            "SELECT `odd;name` FROM media",
            "SELECT path FROM media /* one; two */ WHERE id > 0",
            "SELECT path FROM media WHERE note <> 'it''s; fine'",
            "SELECT path FROM media WHERE note <> $$x y$$",
    })
    void acceptsOneStatementWhateverItsLiteralsAndCommentsHold(String sql) {
        assertThat(SingleStatement.require(sql, "--ref-sql")).doesNotEndWith(";");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT path FROM media; DELETE FROM media",
            "SELECT path FROM media;DELETE FROM media;",
            "SELECT path FROM media; /* c */ UPDATE media SET path = ''",
            // a backslash ends the literal in PostgreSQL, escapes the quote in MySQL: refused under either reading
            "SELECT path FROM media WHERE path <> 'x\\'; DELETE FROM media; SELECT '",
            "SELECT a$ FROM media; DELETE FROM media; SELECT $ FROM media",
            // $$ quotes in PostgreSQL but is an identifier in MySQL: a ';' inside is refused too
            "SELECT $$ FROM media; DELETE FROM media; SELECT $$ FROM media",
            // block comments nest in PostgreSQL only: MySQL/MariaDB and SQLite end this one at the first */
            "SELECT path FROM media /* /* */ ; DELETE FROM media; /* */",
            // MySQL/MariaDB read "--1" as minus minus one, not as a comment
            "SELECT 1 --1;DELETE FROM media",
            "SELECT 1 --\u00a0x;DELETE FROM media",
            // # is a comment in MySQL only; [...] an identifier in SQLite only
            "SELECT 1 # '\n; DELETE FROM media; -- '",
            "SELECT [x'] FROM media; DELETE FROM media; SELECT [']",
            // PostgreSQL ends a line comment at a carriage return
            "SELECT path FROM media -- avatars\r; DELETE FROM media",
    })
    void refusesASecondStatement(String sql) {
        assertThatThrownBy(() -> SingleStatement.require(sql, "--ref-sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--ref-sql must be a single statement");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT path FROM media; -- the avatars",
            "SELECT path FROM media ; /* the avatars */ ;",
            "SELECT path FROM media;\n-- the avatars\n",
    })
    void returnsTheStatementWithoutWhatFollowsItsTerminator(String sql) {
        assertThat(SingleStatement.require(sql, "--ref-sql")).isEqualTo("SELECT path FROM media");
    }

    @Test
    void keepsATrailingCommentWhenThereIsNoTerminator() {
        assertThat(SingleStatement.require("SELECT path FROM media -- the avatars", "--ref-sql"))
                .isEqualTo("SELECT path FROM media -- the avatars");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT path FROM media /*!50000 WHERE 1 = 1 */",
            "SELECT path FROM media /*M! WHERE 1 = 1 */",
    })
    void refusesMySqlExecutableComments(String sql) {
        assertThatThrownBy(() -> SingleStatement.require(sql, "--ref-sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--ref-sql holds a MySQL executable comment (/*! ... */)")
                .hasMessageNotContaining("\n");
    }

    @Test
    void acceptsAnExecutableCommentLookalikeInsideALiteral() {
        assertThat(SingleStatement.require("SELECT path FROM media WHERE note <> '/*! x */'", "--ref-sql"))
                .endsWith("'/*! x */'");
    }

    @Test
    void refusesASemicolonThatEndsTheStatementUnderSomeDatabasesOnly() {
        // MySQL reads 'it\'s; -- x' as one literal; PostgreSQL ends the literal at the backslash, so its
        // statement ends at the ';', and cutting there would hand MySQL an unclosed literal
        assertThatThrownBy(() -> SingleStatement.require("SELECT path FROM media WHERE note <> 'it\\'s; -- x'", "--ref-sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("under some databases' rules");
    }
}
