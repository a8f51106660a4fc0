package dev.sparkfit.artifact.export;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import static org.bytedeco.hdf5.global.hdf5.*;

/**
 * The few HDF5 writes a Keras file needs, through the HDF5 C library that JavaCPP's hdf5 preset brings
 * for DL4J's Keras reader: groups, fixed-length ASCII string attributes (numpy's {@code S} type, as h5py
 * stores bytes) and float32 datasets. The file is built in memory (HDF5's core driver, no backing file)
 * and handed over as bytes by {@link #image}, so the caller writes it with Java I/O, whose errors (a full
 * disk) say what went wrong. Every identifier is closed in reverse order on {@link #close}; all calls hold
 * DL4J's HDF5 lock, as the library is not thread-safe.
 */
final class Hdf5Writer implements AutoCloseable {

    private final Deque<Long> open = new ArrayDeque<>();
    private final long file;

    /** An empty in-memory file. */
    Hdf5Writer() throws IOException {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            Loader.load(org.bytedeco.hdf5.global.hdf5.class);
            H5open();
            long access = check(H5Pcreate(H5P_CLS_FILE_ACCESS_ID_g()), "create file access properties");
            try {
                check(H5Pset_fapl_core(access, 1 << 16, false), "select the in-memory driver");
                // the name only identifies the file among the library's open files
                file = check(H5Fcreate("sparkfit-" + UUID.randomUUID() + ".h5", H5F_ACC_EXCL, H5P_DEFAULT, access),
                        "create an in-memory file");
            } finally {
                H5Pclose(access);
            }
            open.push(file);
        }
    }

    /** The complete file as it would be on disk. */
    byte[] image() throws IOException {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush the file"); // metadata still in the cache is not in the image
            long size = check(H5Fget_file_image(file, null, 0), "measure the file image");
            try (BytePointer buffer = new BytePointer(size)) {
                check(H5Fget_file_image(file, buffer, size), "copy the file image");
                byte[] bytes = new byte[(int) size];
                buffer.get(bytes);
                return bytes;
            }
        }
    }

    long root() {
        return file;
    }

    long group(long parent, String name) throws IOException {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            long g = check(H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "create group " + name);
            open.push(g);
            return g;
        }
    }

    /** A scalar string attribute. */
    void attribute(long loc, String name, String value) throws IOException {
        strings(loc, name, List.of(value), false);
    }

    /** A one-dimensional string array attribute, each string padded to the longest. */
    void attribute(long loc, String name, List<String> values) throws IOException {
        strings(loc, name, values, true);
    }

    private void strings(long loc, String name, List<String> values, boolean array) throws IOException {
        List<byte[]> bytes = values.stream().map(v -> v.getBytes(StandardCharsets.US_ASCII)).toList();
        int size = Math.max(1, bytes.stream().mapToInt(b -> b.length).max().orElse(1));
        byte[] buffer = new byte[size * bytes.size()];
        for (int i = 0; i < bytes.size(); i++) {
            System.arraycopy(bytes.get(i), 0, buffer, i * size, bytes.get(i).length);
        }
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            long type = check(H5Tcopy(H5T_C_S1_g()), "string type");
            long space = -1;
            long attr = -1;
            try (BytePointer data = new BytePointer(buffer)) {
                check(H5Tset_size(type, size), "string size");
                check(H5Tset_strpad(type, H5T_STR_NULLPAD), "string padding");
                check(H5Tset_cset(type, H5T_CSET_ASCII), "string charset");
                space = check(array ? H5Screate_simple(1, new long[] {values.size()}, null) : H5Screate(H5S_SCALAR),
                        "dataspace");
                attr = check(H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT), "attribute " + name);
                check(H5Awrite(attr, type, data), "write attribute " + name);
            } finally {
                if (attr >= 0) {
                    H5Aclose(attr);
                }
                if (space >= 0) {
                    H5Sclose(space);
                }
                H5Tclose(type);
            }
        }
    }

    /** A float32 dataset of shape {@code dims} holding {@code values} in row-major order. */
    void dataset(long loc, String name, float[] values, long... dims) throws IOException {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            long space = check(H5Screate_simple(dims.length, dims, null), "dataspace");
            long set = -1;
            try (FloatPointer data = new FloatPointer(values)) {
                set = check(H5Dcreate2(loc, name, H5T_IEEE_F32LE_g(), space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                        "dataset " + name);
                check(H5Dwrite(set, H5T_NATIVE_FLOAT_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write dataset " + name);
            } finally {
                if (set >= 0) {
                    H5Dclose(set);
                }
                H5Sclose(space);
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            int failed = 0;
            while (!open.isEmpty()) {
                long id = open.pop();
                failed += (id == file ? H5Fclose(id) : H5Gclose(id)) < 0 ? 1 : 0;
            }
            if (failed > 0) {
                throw new IOException("HDF5: closing the file failed");
            }
        }
    }

    private static long check(long id, String what) throws IOException {
        if (id < 0) {
            throw new IOException("HDF5: cannot " + what);
        }
        return id;
    }
}
