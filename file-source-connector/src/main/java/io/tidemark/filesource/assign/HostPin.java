/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.assign;

import java.util.regex.Pattern;

/**
 * Which host's files a connector reads. A file tailer reads the disk of the machine its task runs
 * on, and Kafka Connect places tasks on any worker of its cluster: a connector pinned to a host
 * ({@code file.host}) only reads where the worker's own host id ({@code file.host.id}, a worker-side
 * fact resolved by a config provider on the worker that runs the task) is that host; a task placed
 * anywhere else must refuse to run, never read nothing while looking healthy.
 */
public final class HostPin {

    /** The value of {@code file.host} that reads on any worker: one machine, a standalone worker, shared roots. */
    public static final String ANY_HOST = "*";

    /** A config-provider variable that the worker did not resolve, e.g. {@code ${file:/etc/x:host.id}}. */
    private static final Pattern UNRESOLVED = Pattern.compile(".*\\$\\{[^}]*:[^}]*}.*");

    private final String host;
    private final String hostId;

    /**
     * @param host   the host this connector reads ({@code file.host}); {@value #ANY_HOST}: any host (not
     *               pinned); empty: not chosen, which is refused
     * @param hostId the host id of the worker running the task ({@code file.host.id}, already defaulted)
     */
    public HostPin(String host, String hostId) {
        this.host = host == null ? "" : host.trim();
        this.hostId = hostId == null ? "" : hostId.trim();
    }

    /** Whether a task with this pin reads on this worker: not pinned, or pinned to this host (host names ignore case). */
    public boolean readsHere() {
        return !pinned() || host.equalsIgnoreCase(hostId);
    }

    public boolean pinned() {
        return !host.isEmpty() && !ANY_HOST.equals(host);
    }

    /** The connector did not say whose files it reads. */
    public boolean missing() {
        return host.isEmpty();
    }

    /**
     * Why a connector that did not say whose files it reads is refused, or null when it said so.
     * {@code hostSetting} is the setting's name.
     */
    public String missingHost(String hostSetting) {
        if (!missing()) {
            return null;
        }
        return hostSetting + " is required: a file tailer reads the disk of the worker that runs its task, and"
                + " Kafka Connect places tasks on any worker, so say whose files this connector reads. Set it to"
                + " the host id of the machine that holds the files (tasks on other workers then refuse to run;"
                + " see file.host.id), or to '" + ANY_HOST + "' when every worker sees the same files: a standalone"
                + " worker, a Connect cluster on one machine, or roots on shared storage.";
    }

    public String host() {
        return host;
    }

    public String hostId() {
        return hostId;
    }

    /**
     * Why a task with this pin must not read here, or null when it may. {@code hostSetting} and
     * {@code hostIdSetting} are the setting names the message refers to.
     */
    public String problem(String hostSetting, String hostIdSetting) {
        if (missing()) {
            return missingHost(hostSetting);
        }
        String unresolved = unresolvedHostId(hostIdSetting);
        if (unresolved == null) {
            unresolved = unresolvedHost(hostSetting);
        }
        if (unresolved != null) {
            return unresolved;
        }
        if (readsHere()) {
            return null;
        }
        return "this connector reads the files of host '" + host + "' (" + hostSetting + ") but this task runs on"
                + " a worker of host '" + hostId + "' (" + hostIdSetting + "), which cannot see them; it refuses"
                + " to read so that no file of '" + host + "' is silently left unread. Run this connector on"
                + " a Connect cluster (or standalone worker) whose workers all run on '" + host + "', or fix "
                + hostIdSetting + " on this worker if it does run there (then restart the task).";
    }

    /** Why the worker's host id is a config-provider variable the worker did not resolve, or null. */
    public String unresolvedHostId(String hostIdSetting) {
        if (!UNRESOLVED.matcher(hostId).matches()) {
            return null;
        }
        return hostIdSetting + " is '" + hostId + "' on this worker: the config provider it names is not"
                + " configured on this worker (config.providers in the worker properties) or the file or"
                + " variable it names has no such key. Configure the provider on every worker, or remove "
                + hostIdSetting + " to use the machine's host name.";
    }

    /** Why the connector's host is a config-provider variable the worker did not resolve, or null. */
    public String unresolvedHost(String hostSetting) {
        if (!UNRESOLVED.matcher(host).matches()) {
            return null;
        }
        return hostSetting + " is '" + host + "': the config provider it names is not configured on this"
                + " worker or has no such key. Set " + hostSetting + " to the host id whose files this"
                + " connector reads.";
    }
}
