/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;

/**
 * Checks, with short timeouts, that a connection string reaches a server, that the credentials
 * work and that the server can serve change streams (replica set or sharded cluster). Problems are
 * phrased for operators and never contain the connection string itself.
 */
public final class MongoPreflight {

    private MongoPreflight() {}

    /** Every problem found; empty when the server is usable. */
    public static List<String> check(String uri, WatchScope scope, Duration timeout) {
        List<String> problems = new ArrayList<>();
        ConnectionString cs;
        try {
            cs = new ConnectionString(uri);
        } catch (RuntimeException e) {
            problems.add("connection.uri is not a valid MongoDB connection string: " + redact(e.getMessage(), uri));
            return problems;
        }
        String hosts = String.join(",", cs.getHosts());
        int ms = (int) timeout.toMillis();
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(cs)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(ms, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(
                        b -> b.connectTimeout(ms, TimeUnit.MILLISECONDS).readTimeout(ms, TimeUnit.MILLISECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            Document hello = hello(client);
            boolean replicated = hello.containsKey("setName") || "isdbgrid".equals(hello.getString("msg"));
            if (!replicated && !changeStreamOpens(client, scope)) {
                problems.add("MongoDB at " + hosts + " is a standalone server: change streams need a replica set or a"
                        + " sharded cluster. Start mongod with --replSet and run rs.initiate(), or point connection.uri"
                        + " at a replica set.");
            }
        } catch (MongoSecurityException e) {
            problems.add("MongoDB at " + hosts + " rejected the credentials"
                    + (cs.getUsername() == null ? "" : " of user '" + cs.getUsername() + "'") + ": "
                    + redact(rootMessage(e), uri) + ". Check the user, password and authSource in connection.uri.");
        } catch (MongoTimeoutException e) {
            String why = rootMessage(e);
            if (why.toLowerCase(Locale.ROOT).contains("auth")) {
                problems.add("MongoDB at " + hosts + " rejected the credentials"
                        + (cs.getUsername() == null ? "" : " of user '" + cs.getUsername() + "'")
                        + ". Check the user, password and authSource in connection.uri.");
            } else {
                problems.add("Cannot reach MongoDB at " + hosts + " within " + ms + " ms. Check the host names, ports,"
                        + " firewalls and TLS settings of connection.uri.");
            }
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == 13 || e.getErrorCode() == 18) {
                problems.add("MongoDB at " + hosts + " refused the command for this user (code " + e.getErrorCode()
                        + "): the user needs the find and changeStream actions on the watched namespace.");
            } else {
                problems.add(
                        "MongoDB at " + hosts + " failed the connection check: " + redact(e.getErrorMessage(), uri));
            }
        } catch (MongoException e) {
            problems.add("MongoDB at " + hosts + " failed the connection check: " + redact(rootMessage(e), uri));
        }
        return problems;
    }

    private static Document hello(MongoClient client) {
        try {
            return client.getDatabase("admin").runCommand(new Document("hello", 1));
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != 59 && !e.getErrorMessage().contains("no such command")) {
                throw e;
            }
            return client.getDatabase("admin").runCommand(new Document("isMaster", 1)); // servers before 4.4.2
        }
    }

    /** A server that does not say it is replicated may still serve change streams (test servers). */
    private static boolean changeStreamOpens(MongoClient client, WatchScope scope) {
        if (scope.level() != WatchScope.Level.COLLECTION) {
            return false;
        }
        try (var cursor = client.getDatabase(scope.database())
                .getCollection(scope.collection())
                .watch(List.of(new BsonDocument("$limit", new BsonInt32(1))))
                .cursor()) {
            cursor.tryNext();
            return true;
        } catch (MongoException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    static String redact(String message, String uri) {
        if (message == null) {
            return "";
        }
        String out = message.replace(uri, "<connection.uri>");
        return out.replaceAll("://[^@/\\s]*@", "://<credentials>@");
    }
}
