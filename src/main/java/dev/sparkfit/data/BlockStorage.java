package dev.sparkfit.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.RDDInfo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the cached blocks of one packed RDD are now, as the executors' block managers report them to the
 * driver: how many partitions are stored, the bytes in memory and on local disk, and how many blocks have
 * been built so far (more builds than partitions: blocks lost with an executor were rebuilt from the
 * input). Blocks are stored at {@link Blocks#STORAGE_LEVEL}, so a block that does not fit in storage memory
 * is on disk, not lost.
 *
 * @param builds blocks built so far, first builds included; -1 when the RDD was not made by {@link Blocks#pack}
 */
public record BlockStorage(String name, int partitions, int storedPartitions, long memoryBytes, long diskBytes,
                           long builds) {

    /** The blocks' storage now; {@code name} says which ones ("training", "validation"). */
    public static BlockStorage of(JavaRDD<Block> blocks, String name) {
        int id = blocks.id();
        int partitions = blocks.getNumPartitions();
        long builds = Blocks.builds(blocks);
        // getRDDStorageInfo asks the block manager master once (one RPC), and lists cached RDDs only.
        for (RDDInfo info : blocks.context().getRDDStorageInfo()) {
            if (info.id() == id) {
                return new BlockStorage(name, partitions, info.numCachedPartitions(), info.memSize(), info.diskSize(),
                        builds);
            }
        }
        return new BlockStorage(name, partitions, 0, 0, 0, builds);
    }

    /** Blocks built again after every partition had been built once (lost blocks rebuilt from the input). */
    public long rebuilt() {
        return Math.max(0, builds - partitions);
    }

    /** e.g. {@code training blocks: 6 of 8 in memory (120.0 MB), 212.5 MB on disk}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s blocks: %d of %d stored, %s in memory, %s on disk", name,
                storedPartitions, partitions, megabytes(memoryBytes), megabytes(diskBytes));
    }

    /** The same as fields of an event. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blocks", name);
        m.put("partitions", partitions);
        m.put("stored_partitions", storedPartitions);
        m.put("memory_bytes", memoryBytes);
        m.put("disk_bytes", diskBytes);
        m.put("rebuilt", rebuilt());
        return m;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
