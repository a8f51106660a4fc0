package dev.sparkfit.tuning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sparkfit cv} produced ({@code cv-summary.json}): the fold count, whether the deal was
 * stratified, each fold's row count, the folds' {@link CvSummary}, the refit's epoch count (null
 * without {@code --refit}) and the wall-clock seconds.
 */
public record CvResult(int folds, boolean stratified, List<Long> foldRows, CvSummary summary, Integer refitEpochs,
                       double seconds) {

    public CvResult {
        foldRows = List.copyOf(foldRows);
    }

    /** {@code cv-summary.json}'s content, in its field order. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folds", folds);
        out.put("stratified", stratified);
        out.put("fold_rows", foldRows);
        summary.toJson().forEach(out::putIfAbsent);
        if (refitEpochs != null) {
            out.put("refit_epochs", refitEpochs);
        }
        out.put("seconds", seconds);
        return out;
    }
}
