package dev.sparkfit.train;

/**
 * What training carries from one averaging round to the next: the flat network parameters, the flat
 * updater state (Adam's moments, momentum; empty for plain SGD) and the outer optimizer's momentum
 * buffer ({@code null} when the outer step keeps none). All in DL4J's parameter order.
 */
public record Weights(float[] params, float[] updaterState, float[] outerMomentum) {

    /** Parameters and updater state without outer state. */
    public static Weights of(float[] params, float[] updaterState) {
        return new Weights(params, updaterState, null);
    }
}
