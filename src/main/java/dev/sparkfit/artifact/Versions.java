package dev.sparkfit.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions recorded in every model's metadata, read from the build's filtered resource. */
public final class Versions {

    public static final String SPARKFIT;
    public static final String DL4J;

    static {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/sparkfit-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        SPARKFIT = p.getProperty("sparkfit.version", "unknown");
        DL4J = p.getProperty("dl4j.version", "unknown");
    }

    private Versions() {
    }
}
