package alf.tensor.cuda;

import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;

import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstreamCaptureMode;

/**
 * A CUDA graph of the backend's stream: {@link #beginCapture()} records every kernel issued afterwards instead of
 * running it, {@link #endCapture()} closes and instantiates the graph, and {@link #launch()} replays it with one
 * driver call. A replay reads and writes the very device addresses captured, so the tensors used during capture must
 * stay alive (and be refilled in place) for as long as the graph is replayed; no host transfer or synchronisation
 * may happen while capturing.
 *
 * <p><b>Not yet wired:</b> this is the plumbing a replayer of a captured training update (the backend-neutral
 * capture/replay plan being built separately) will call; nothing in the framework uses it yet.
 */
public final class CudaGraph implements AutoCloseable {
    private final CudaDevice gpu;
    private CUgraph graph;
    private CUgraphExec exec;

    CudaGraph(CudaDevice gpu) {
        this.gpu = gpu;
    }

    /** Starts recording the stream (global capture mode: other threads may not use CUDA meanwhile). */
    public void beginCapture() {
        if (graph != null) {
            throw new IllegalStateException("this graph has already been captured");
        }
        gpu.makeCurrent();
        cuStreamBeginCapture(gpu.stream(), CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_GLOBAL);
    }

    /** Ends recording and instantiates the graph for replay. */
    public void endCapture() {
        gpu.makeCurrent();
        graph = new CUgraph();
        cuStreamEndCapture(gpu.stream(), graph);
        exec = new CUgraphExec();
        cuGraphInstantiate(exec, graph, 0);
    }

    /** Replays the captured kernels on the stream (asynchronously, like any kernel). */
    public void launch() {
        if (exec == null) {
            throw new IllegalStateException("launch: the graph has not been captured (beginCapture, endCapture)");
        }
        gpu.makeCurrent();
        cuGraphLaunch(exec, gpu.stream());
    }

    @Override
    public void close() {
        gpu.makeCurrent();
        if (exec != null) {
            cuGraphExecDestroy(exec);
            exec = null;
        }
        if (graph != null) {
            cuGraphDestroy(graph);
            graph = null;
        }
    }
}
