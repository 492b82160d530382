package io.sen2cor.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user + system, from /proc/PID/stat), for the benchmark: on a machine of two cores the
 * operator, kube-apiserver, etcd and the benchmark's own endpoint share them, and whose time a scenario took says
 * which of them set its pace.
 */
public final class ProcessCpu {

    /** Linux's USER_HZ: /proc reports times in ticks of 1/100 s on every architecture the JDK runs on here. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** Seconds of CPU the process has used so far; 0 once it has ended. */
    public static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name in parentheses may hold spaces: fields are counted after its closing parenthesis,
            // where utime and stime are the 12th and 13th (fields 14 and 15 of proc(5))
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            return 0;
        }
    }
}
