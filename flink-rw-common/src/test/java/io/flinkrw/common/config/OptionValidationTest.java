package io.flinkrw.common.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionValidationTest {

    private static final ConfigOption<String> MODE =
            ConfigOptions.key("scan.startup.mode").stringType().defaultValue("earliest");
    private static final ConfigOption<String> USER =
            ConfigOptions.key("username").stringType().noDefaultValue();
    private static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password").stringType().noDefaultValue();

    @Test
    void oneOfAcceptsAnyCaseAndReturnsLowerCase() {
        Configuration config = new Configuration();
        config.setString("scan.startup.mode", " LATEST ");
        assertThat(OptionValidation.oneOf(config, MODE, List.of("earliest", "latest")))
                .isEqualTo("latest");
        assertThat(OptionValidation.oneOf(new Configuration(), MODE, List.of("earliest")))
                .isEqualTo("earliest");
    }

    @Test
    void oneOfNamesTheKeyAndTheAllowedValues() {
        Configuration config = new Configuration();
        config.setString("scan.startup.mode", "yesterday");
        assertThatThrownBy(
                        () -> OptionValidation.oneOf(config, MODE, List.of("earliest", "latest")))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "Invalid value 'yesterday' for option 'scan.startup.mode'."
                                + " Allowed values: earliest, latest.");
    }

    @Test
    void requiredSaysWhy() {
        assertThatThrownBy(
                        () ->
                                OptionValidation.required(
                                        new Configuration(),
                                        USER,
                                        "when 'connect_mode' is 'user_and_password'"))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "Option 'username' is required when 'connect_mode' is"
                                + " 'user_and_password'.");
    }

    @Test
    void pairNamesTheMissingHalf() {
        Configuration config = new Configuration();
        config.setString("password", "secret-value");
        assertThatThrownBy(() -> OptionValidation.pair(config, USER, PASSWORD))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "Option 'password' requires option 'username': they must be set together.")
                .hasMessageNotContaining("secret-value");
        config.setString("username", "alice");
        OptionValidation.pair(config, USER, PASSWORD);
    }
}
