package alf.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the made-up URI scheme {@code alftest:}, so that tests can give {@code --out} a Hadoop
 * FileSystem URI that is not a local path (registered with {@code spark.hadoop.fs.alftest.impl}).
 */
public final class SchemeLocalFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "alftest";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
