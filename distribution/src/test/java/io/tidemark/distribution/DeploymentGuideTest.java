/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * docs/DEPLOYMENT.md's IAM policy for the S3 sink allows every S3 operation the sink's code calls,
 * and no action the sink does not need; its table of S3 calls names each of them.
 */
class DeploymentGuideTest {

    private static final Path GUIDE = Plugins.root().resolve("docs/DEPLOYMENT.md");
    private static final Path SINK_SOURCES = Plugins.root().resolve("s3-checkpoint-sink/src/main/java");

    /** The IAM action each S3 operation needs (AWS's "Actions, resources, and condition keys for Amazon S3"). */
    private static final Map<String, String> IAM_ACTION = Map.ofEntries(
            Map.entry("PutObject", "s3:PutObject"),
            Map.entry("CreateMultipartUpload", "s3:PutObject"),
            Map.entry("UploadPart", "s3:PutObject"),
            Map.entry("CompleteMultipartUpload", "s3:PutObject"),
            Map.entry("AbortMultipartUpload", "s3:AbortMultipartUpload"),
            Map.entry("GetObject", "s3:GetObject"),
            Map.entry("HeadObject", "s3:GetObject"),
            Map.entry("DeleteObject", "s3:DeleteObject"),
            Map.entry("DeleteObjects", "s3:DeleteObject"),
            Map.entry("ListObjectsV2", "s3:ListBucket"),
            Map.entry("ListObjects", "s3:ListBucket"),
            Map.entry("HeadBucket", "s3:ListBucket"),
            Map.entry("ListMultipartUploads", "s3:ListBucketMultipartUploads"),
            Map.entry("ListParts", "s3:ListMultipartUploadParts"),
            Map.entry("UploadPartCopy", "s3:PutObject"));

    @Test
    void theIamPolicyAllowsEveryS3CallOfTheSinkAndNothingMore() throws IOException {
        Set<String> operations = s3OperationsCalledBySink();
        assertThat(operations)
                .as("S3 operations found in the sink's code (the scan itself works)")
                .contains("PutObject", "GetObject");

        Set<String> unmapped = new TreeSet<>(operations);
        unmapped.removeAll(IAM_ACTION.keySet());
        assertThat(unmapped)
                .as("S3 operations the sink calls whose IAM action this test does not know: add them to IAM_ACTION"
                        + " and to the policy in docs/DEPLOYMENT.md")
                .isEmpty();

        Set<String> needed = new TreeSet<>();
        operations.forEach(op -> needed.add(IAM_ACTION.get(op)));
        Set<String> granted = policyActions();
        assertThat(granted)
                .as("actions of the IAM policy in docs/DEPLOYMENT.md; the sink calls " + operations)
                .containsExactlyInAnyOrderElementsOf(needed);
    }

    @Test
    void theGuideNamesEveryS3OperationTheSinkCalls() throws IOException {
        StringBuilder tableRows = new StringBuilder();
        for (String line : s3Section().split("\n")) {
            if (line.startsWith("| `")) {
                tableRows.append(line.substring(0, line.indexOf(" | ", 2))).append('\n');
            }
        }
        Set<String> missing = new TreeSet<>();
        for (String op : s3OperationsCalledBySink()) {
            if (!tableRows.toString().contains("`" + op + "`")) {
                missing.add(op);
            }
        }
        assertThat(missing)
                .as("S3 operations the sink calls that the first column of docs/DEPLOYMENT.md's table of S3 calls"
                        + " does not name")
                .isEmpty();
    }

    /**
     * The S3 operations (PascalCase, as in the S3 API reference) whose S3Client method the sink's
     * main code calls: every S3Client method that has a request class of its name, found as
     * {@code .method(} in the sources.
     */
    private static Set<String> s3OperationsCalledBySink() throws IOException {
        Map<String, String> operationOfMethod = new TreeMap<>();
        for (Method m : S3Client.class.getMethods()) {
            String base = m.getName().replaceFirst("(AsBytes|Paginator)$", "");
            String op = Character.toUpperCase(base.charAt(0)) + base.substring(1);
            if (requestClassExists(op)) {
                operationOfMethod.put(m.getName(), op);
            }
        }
        String code;
        try (Stream<Path> files = Files.walk(SINK_SOURCES)) {
            StringBuilder sb = new StringBuilder();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sb.append(Files.readString(f)).append('\n');
            }
            code = sb.toString();
        }
        Set<String> called = new TreeSet<>();
        Matcher call = Pattern.compile("\\.([a-zA-Z0-9]+)\\(").matcher(code);
        while (call.find()) {
            String op = operationOfMethod.get(call.group(1));
            if (op != null) {
                called.add(op);
            }
        }
        return called;
    }

    private static boolean requestClassExists(String operation) {
        try {
            Class.forName("software.amazon.awssdk.services.s3.model." + operation + "Request");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The guide's section on the S3 sink, up to the next section. */
    private static String s3Section() throws IOException {
        String guide = Files.readString(GUIDE);
        int start = guide.indexOf("## S3: the IAM policy of the sink");
        assertThat(start).as("the S3 section of docs/DEPLOYMENT.md").isNotNegative();
        int end = guide.indexOf("\n## ", start + 1);
        return guide.substring(start, end < 0 ? guide.length() : end);
    }

    /** The actions of the first JSON block with a "Statement" in the guide's S3 section. */
    private static Set<String> policyActions() throws IOException {
        Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(s3Section());
        while (block.find()) {
            if (block.group(1).contains("\"Statement\"")) {
                Set<String> actions = new TreeSet<>();
                for (JsonNode statement :
                        new ObjectMapper().readTree(block.group(1)).get("Statement")) {
                    JsonNode action = statement.get("Action");
                    if (action.isArray()) {
                        action.forEach(a -> actions.add(a.asText()));
                    } else {
                        actions.add(action.asText());
                    }
                }
                return actions;
            }
        }
        throw new AssertionError("docs/DEPLOYMENT.md has no JSON IAM policy in its S3 section");
    }
}
