package io.flinkrw.formats.json;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.util.BufferRecycler;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * Jackson's buffers for the parsers of one deserializer, which one task thread uses: one set of
 * buffers is handed out again and again, without the thread-local lookup of Jackson's default pool.
 * A parser opened while another is still open (a row inside a JSON string) gets its own.
 */
final class SingleThreadRecyclerPool implements RecyclerPool<BufferRecycler> {

    private static final long serialVersionUID = 1L;

    private transient BufferRecycler shared;
    private transient boolean inUse;

    @Override
    public BufferRecycler acquirePooled() {
        if (inUse) {
            return new BufferRecycler();
        }
        if (shared == null) {
            shared = new BufferRecycler();
        }
        inUse = true;
        return shared;
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        if (recycler == shared) {
            inUse = false;
        }
    }
}
