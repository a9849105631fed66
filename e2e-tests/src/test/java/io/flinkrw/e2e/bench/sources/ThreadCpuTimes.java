package io.flinkrw.e2e.bench.sources;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU time of every live thread at one instant; two of them tell which threads used the CPU of
 * a measured interval (the child logs it, to explain a contender's CPU seconds per record).
 */
final class ThreadCpuTimes {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> cpuNanos = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();

    private ThreadCpuTimes() {}

    static ThreadCpuTimes now() {
        ThreadCpuTimes times = new ThreadCpuTimes();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                times.cpuNanos.put(info.getThreadId(), cpu);
                times.names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return times;
    }

    /** The threads that used the most CPU since {@code before}, as lines "ms name". */
    List<String> busiestSince(ThreadCpuTimes before, int limit) {
        List<Map.Entry<Long, Long>> used = new ArrayList<>();
        for (Map.Entry<Long, Long> thread : cpuNanos.entrySet()) {
            long delta = thread.getValue() - before.cpuNanos.getOrDefault(thread.getKey(), 0L);
            used.add(Map.entry(thread.getKey(), delta));
        }
        used.sort(Map.Entry.<Long, Long>comparingByValue().reversed());
        List<String> lines = new ArrayList<>();
        long total = used.stream().mapToLong(Map.Entry::getValue).sum();
        lines.add(String.format(Locale.ROOT, "%8.1f ms  all live threads", total / 1e6));
        for (Map.Entry<Long, Long> thread : used.subList(0, Math.min(limit, used.size()))) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "%8.1f ms  %s",
                            thread.getValue() / 1e6,
                            names.get(thread.getKey())));
        }
        return lines;
    }
}
