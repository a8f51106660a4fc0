package dev.sparkfit.train;

import dev.sparkfit.data.Block;
import dev.sparkfit.data.BlockStorage;
import org.apache.spark.api.java.JavaRDD;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Once per epoch, where the training and validation blocks are: a report only when some are on disk
 * (they did not fit in storage memory) or some were rebuilt from the input during the epoch (lost with an
 * executor), so a run whose blocks all sit in memory prints nothing more.
 */
final class BlockSpill {

    /** One epoch's storage: each side's blocks, and the blocks rebuilt during the epoch. */
    record Report(int epoch, List<BlockStorage> sides, long rebuiltThisEpoch) {

        /** e.g. {@code epoch 3 storage: training blocks: 8 of 8 stored, 40.0 MB in memory, 212.5 MB on disk; ...}. */
        String line() {
            StringBuilder b = new StringBuilder("epoch " + epoch + " storage: ");
            sides.forEach(s -> b.append(s.describe()).append("; "));
            b.append(rebuiltThisEpoch).append(rebuiltThisEpoch == 1 ? " block" : " blocks")
                    .append(" rebuilt from the input this epoch");
            return b.toString();
        }

        /** The fields of the {@code storage} event in events.jsonl. */
        Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", epoch);
            m.put("rebuilt_this_epoch", rebuiltThisEpoch);
            m.put("sides", sides.stream().map(BlockStorage::fields).toList());
            return m;
        }
    }

    private final List<JavaRDD<Block>> rdds = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private long rebuiltBefore;

    /** {@code val} may be null. */
    BlockSpill(JavaRDD<Block> train, JavaRDD<Block> val) {
        rdds.add(train);
        names.add("training");
        if (val != null) {
            rdds.add(val);
            names.add("validation");
        }
    }

    /** The storage after {@code epoch}, or empty when no block is on disk and none was rebuilt in it. */
    Optional<Report> after(int epoch) {
        List<BlockStorage> sides = new ArrayList<>();
        for (int i = 0; i < rdds.size(); i++) {
            sides.add(BlockStorage.of(rdds.get(i), names.get(i)));
        }
        long rebuilt = sides.stream().mapToLong(BlockStorage::rebuilt).sum();
        long thisEpoch = rebuilt - rebuiltBefore;
        rebuiltBefore = rebuilt;
        boolean spilled = sides.stream().anyMatch(s -> s.diskBytes() > 0);
        return spilled || thisEpoch > 0 ? Optional.of(new Report(epoch, sides, thisEpoch)) : Optional.empty();
    }
}
