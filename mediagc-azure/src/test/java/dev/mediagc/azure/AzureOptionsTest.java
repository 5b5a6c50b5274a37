package dev.mediagc.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.spi.StoreOption;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How {@code azure://} locations and the store's options are read, and the one-line errors when they are wrong. */
@Tag("fast")
class AzureOptionsTest {

    private static final String SECRET = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;";

    @Test
    void theLongFormNamesAccountContainerAndPrefix() {
        assertThat(AzureLocation.parse("azure://myaccount/media/site/uploads", false))
                .isEqualTo(new AzureLocation("myaccount", "media", "site/uploads/"));
        assertThat(AzureLocation.parse("azure://myaccount/media", false)).isEqualTo(new AzureLocation("myaccount", "media", ""));
        assertThat(AzureLocation.parse("azure://myaccount/media/", false).toString()).isEqualTo("azure://myaccount/media/");
    }

    @Test
    void theShortFormStartsWithTheContainerWhenTheAccountComesFromElsewhere() {
        assertThat(AzureLocation.parse("azure://media/site/uploads/", true)).isEqualTo(new AzureLocation(null, "media", "site/uploads/"));
        assertThat(AzureLocation.parse("azure://media/site/uploads/", true).toString()).isEqualTo("azure://media/site/uploads/");
    }

    @Test
    void badLocationsAreOneClearLine() {
        assertThatThrownBy(() -> AzureLocation.parse("azure://My_Account/media", false))
                .hasMessageContaining("is not a storage account name").hasMessageContaining("azure://ACCOUNT/CONTAINER/PREFIX")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> AzureLocation.parse("azure://myaccount", false)).hasMessageContaining("no container");
        assertThatThrownBy(() -> AzureLocation.parse("azure://Media/x", true)).hasMessageContaining("is not a container name");
        assertThatThrownBy(() -> AzureLocation.parse("azure://media/a/../b", true)).hasMessageContaining("prefix");
        assertThatThrownBy(() -> AzureLocation.parse("s3://media/x", true)).hasMessageContaining("azure://CONTAINER/PREFIX");
    }

    @Test
    void theConnectionStringIsReadFromTheNamedVariableAndNeverShown() {
        AzureSettings settings = AzureSettings.from(Map.of(AzureSettings.CONNECTION_STRING_ENV, "AZ_CONN"),
                name -> name.equals("AZ_CONN") ? SECRET : null);
        assertThat(settings.connectionString()).isEqualTo(SECRET);
        assertThat(settings.namesAccount()).isTrue();
        assertThat(settings.toString()).doesNotContain("c2VjcmV0").contains("AZ_CONN");
        assertThat(settings.where(new AzureLocation(null, "media", ""))).doesNotContain("c2VjcmV0");
    }

    @Test
    void aConnectionStringGivenInPlaceOfItsVariableIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.CONNECTION_STRING_ENV, SECRET), name -> null))
                .hasMessageContaining("NAME of an environment variable").hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void badOptionsAreOneClearLine() {
        assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.CONNECTION_STRING_ENV, "UNSET"), name -> null))
                .hasMessageContaining("UNSET").hasMessageContaining("not set");
        assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.ENDPOINT, "blob.example.com"), name -> null))
                .hasMessageContaining("azure-endpoint").hasMessageContaining("must be a URL");
        assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.LIST_CONCURRENCY, "many"), name -> null))
                .hasMessageContaining("azure-list-concurrency").hasMessageContaining("whole number");
        assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.CONNECTION_STRING_ENV, "C",
                AzureSettings.ENDPOINT, "https://acct.blob.core.windows.net"), name -> SECRET))
                .hasMessageContaining("not both").hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void theProviderDeclaresItsOptionsAndNoneIsASecretValue() {
        AzureStoreProvider provider = new AzureStoreProvider();
        assertThat(provider.supports("azure://acct/media")).isTrue();
        assertThat(provider.supports("s3://bucket")).isFalse();
        assertThat(provider.options()).extracting(StoreOption::name).containsExactly(AzureSettings.ENDPOINT,
                AzureSettings.CONNECTION_STRING_ENV, AzureSettings.LIST_CONCURRENCY);
        assertThat(provider.options()).allSatisfy(option -> assertThat(option.name()).startsWith("azure-"));
    }

    @Test
    void errorsCutKeysAndSignaturesOutOfMessages() {
        assertThat(AzureErrors.firstLine("failed https://a.blob.core.windows.net/c/x?sv=1&sig=abcDEF%2B&se=2 AccountKey=c2VjcmV0;"))
                .doesNotContain("abcDEF").doesNotContain("c2VjcmV0");
    }
}
