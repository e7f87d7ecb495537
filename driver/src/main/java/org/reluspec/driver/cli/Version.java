package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The code version stored with every run: project version, plus the git commit when known. */
public final class Version {
    private Version() {
    }

    public static String code() {
        String version = "unknown";
        try (InputStream in = Version.class.getResourceAsStream("/reluspec-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version", version);
            }
        } catch (IOException e) {
            // keep "unknown"
        }
        String commit = System.getProperty("reluspec.commit", "");
        return commit.isBlank() ? version : version + "+" + commit;
    }
}
