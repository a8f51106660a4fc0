package dev.sparkfit.artifact;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** Records whether it was ever Java-deserialized: planted in model files the loader must refuse unread. */
public final class Canary implements Serializable {

    private static final long serialVersionUID = 1L;
    static volatile boolean deserialized;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        deserialized = true;
        in.defaultReadObject();
    }
}
