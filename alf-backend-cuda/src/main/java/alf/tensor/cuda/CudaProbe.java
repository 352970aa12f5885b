package alf.tensor.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Whether CUDA is usable in this JVM, asked once: JCuda's driver binding loads (it needs only the driver's
 * {@code libcuda.so.1}), {@code cuInit} succeeds and at least one device is present. Never throws: a machine without
 * a driver or GPU gets a one-sentence reason, which the provider reports and the CUDA tests print when they skip.
 */
public final class CudaProbe {
    private static final Result RESULT = probe();

    /** The outcome: the device count and driver version when usable, else the reason it is not. */
    private record Result(int devices, int driverVersion, String reason) {
    }

    private CudaProbe() {
    }

    private static Result probe() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int status = cuInit(0);
            if (status != CUresult.CUDA_SUCCESS) {
                return new Result(0, 0, "cuInit failed with " + CUresult.stringFor(status)
                        + " (no usable NVIDIA driver or GPU)");
            }
            int[] count = {0};
            int[] version = {0};
            cuDeviceGetCount(count);
            cuDriverGetVersion(version);
            if (count[0] == 0) {
                return new Result(0, version[0], "the CUDA driver reports no GPU");
            }
            return new Result(count[0], version[0], null);
        } catch (Throwable t) {
            // UnsatisfiedLinkError (no libcuda.so.1) or a JCuda initialisation error: CUDA is simply absent
            return new Result(0, 0, "the CUDA driver library could not be loaded (" + firstCause(t) + ")");
        }
    }

    /**
     * The line of a native-library failure that says what is missing (JCuda's message spans a page: every path it
     * tried, with stack traces), e.g. {@code libcuda.so.1: cannot open shared object file: No such file or directory}.
     */
    static String firstCause(Throwable t) {
        String message = String.valueOf(t.getMessage());
        Matcher missing = Pattern.compile("(lib[\\w.+-]+\\.so[.0-9]*: cannot open shared object file[^\\n]*)")
                .matcher(message);
        if (missing.find()) {
            return missing.group(1).trim();
        }
        return t.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("").trim();
    }

    /** Empty when CUDA is usable, else why not, in one sentence. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(RESULT.reason());
    }

    /** The number of CUDA devices (0 when CUDA is unusable). */
    public static int deviceCount() {
        return RESULT.devices();
    }

    /** The driver's CUDA version as {@code major*1000 + minor*10} (e.g. 13000), 0 when unknown. */
    public static int driverVersion() {
        return RESULT.driverVersion();
    }
}
