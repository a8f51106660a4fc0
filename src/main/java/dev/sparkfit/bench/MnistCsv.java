package dev.sparkfit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** An MNIST-format CSV (header, label first, pixels 0-255) read into packed floats, pixels / 255. */
record MnistCsv(int rows, int width, float[] x, int[] labels) {

    static MnistCsv read(String file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(Path.of(file))) {
            int width = in.readLine().split(",").length - 1;
            float[] x = new float[1 << 16];
            int[] labels = new int[1 << 10];
            int n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                if ((n + 1) * width > x.length) {
                    x = Arrays.copyOf(x, x.length * 2);
                }
                if (n == labels.length) {
                    labels = Arrays.copyOf(labels, labels.length * 2);
                }
                String[] f = line.split(",");
                labels[n] = Integer.parseInt(f[0].trim());
                for (int i = 0; i < width; i++) {
                    x[n * width + i] = Float.parseFloat(f[i + 1]) / 255f;
                }
                n++;
            }
            return new MnistCsv(n, width, Arrays.copyOf(x, n * width), Arrays.copyOf(labels, n));
        }
    }

    int classes() {
        return Arrays.stream(labels).max().orElse(0) + 1;
    }
}
