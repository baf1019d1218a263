/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small STS on 127.0.0.1 for the tests: answers AssumeRole and AssumeRoleWithWebIdentity (AWS
 * query protocol, form-encoded POST) with the temporary credentials it is given (the tests hand it
 * s3proxy's identity, so that s3proxy accepts what is signed with them), or with an error. Every
 * request is recorded: its form parameters and its Authorization header.
 */
public final class StsStub implements AutoCloseable {

    /** One request: the form parameters (Action, RoleArn, ...) and the Authorization header (null if unsigned). */
    public record Call(Map<String, String> params, String authorization) {
        public String action() {
            return params.get("Action");
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile String accessKey;
    private volatile String secretKey;
    private volatile String sessionToken;
    private volatile int errorStatus;
    private volatile String errorCode;

    private StsStub(String accessKey, String secretKey, String sessionToken) throws IOException {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.sessionToken = sessionToken;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A stub that hands out these temporary credentials. */
    public static StsStub issuing(String accessKey, String secretKey, String sessionToken) {
        try {
            return new StsStub(accessKey, secretKey, sessionToken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on, every call fails with this status and error code (AccessDenied, InvalidClientTokenId, ...). */
    public StsStub failWith(int status, String code) {
        this.errorStatus = status;
        this.errorCode = code;
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        calls.add(new Call(params, ex.getRequestHeaders().getFirst("Authorization")));
        String action = params.getOrDefault("Action", "");
        int status;
        String xml;
        if (errorCode != null) {
            status = errorStatus;
            xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                    + "<Code>" + errorCode + "</Code><Message>refused by the test's STS</Message></Error>"
                    + "<RequestId>stub-request</RequestId></ErrorResponse>";
        } else if (action.equals("AssumeRole") || action.equals("AssumeRoleWithWebIdentity")) {
            status = 200;
            String expiration = Instant.now()
                    .plus(1, ChronoUnit.HOURS)
                    .truncatedTo(ChronoUnit.SECONDS)
                    .toString();
            xml = "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action + "Result>"
                    + "<Credentials><AccessKeyId>" + accessKey + "</AccessKeyId><SecretAccessKey>" + secretKey
                    + "</SecretAccessKey><SessionToken>" + sessionToken + "</SessionToken><Expiration>" + expiration
                    + "</Expiration></Credentials><AssumedRoleUser><Arn>" + params.get("RoleArn") + "/"
                    + params.get("RoleSessionName") + "</Arn><AssumedRoleId>AROASTUB:" + params.get("RoleSessionName")
                    + "</AssumedRoleId></AssumedRoleUser></" + action + "Result><ResponseMetadata><RequestId>"
                    + "stub-request</RequestId></ResponseMetadata></" + action + "Response>";
        } else {
            status = 400;
            xml = "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>" + action
                    + "</Message></Error></ErrorResponse>";
        }
        byte[] out = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
