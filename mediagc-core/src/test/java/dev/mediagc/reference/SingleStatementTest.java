package dev.mediagc.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    })
    void refusesASecondStatement(String sql) {
        assertThatThrownBy(() -> SingleStatement.require(sql, "--ref-sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--ref-sql must be a single statement");
    }
}
