package dev.sparkfit.train;

/** Lets tests in other packages switch the test-only fault hook on and off. */
public final class TestFaultsAccess {

    private TestFaultsAccess() {
    }

    public static void set(String fault) {
        System.setProperty(TestFaults.PROPERTY, fault);
    }

    public static void clear() {
        System.clearProperty(TestFaults.PROPERTY);
    }
}
