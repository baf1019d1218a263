/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How the S3 client gets its credentials, besides static keys ({@link S3Settings#accessKeyId()}):
 * the base credentials come from the static keys, else from a credentials provider class, else from
 * the SDK's default chain (environment, system properties, web identity token file (IRSA on EKS),
 * profile, container or instance role). With a role ARN, those base credentials call STS AssumeRole
 * and S3 is signed with the role's temporary credentials, refreshed before they expire.
 *
 * @param providerClass name of the credentials provider class, for messages; null when none is set
 * @param providerFactory creates a fresh instance of that class (one per client); null when none is set
 * @param roleArn the role to assume; null: no assume-role
 * @param roleSessionName session name of the assumed role (shown in CloudTrail)
 * @param externalId external id the role's trust policy may require; null when none. Never logged
 * @param stsEndpoint endpoint of the AssumeRole call; null: the SDK's endpoint for {@code stsRegion}
 * @param stsRegion region of the AssumeRole call; null: the bucket's region
 */
public record AwsAuth(
        String providerClass,
        Supplier<AwsCredentialsProvider> providerFactory,
        String roleArn,
        String roleSessionName,
        String externalId,
        URI stsEndpoint,
        String stsRegion) {

    /** No provider class and no role: static keys when set, else the default chain. */
    public static final AwsAuth NONE = new AwsAuth(null, null, null, null, null, null, null);

    public AwsAuth {
        if ((providerClass == null) != (providerFactory == null)) {
            throw new IllegalArgumentException("a credentials provider class needs its factory, and only then");
        }
        if (roleArn != null && (roleSessionName == null || roleSessionName.isEmpty())) {
            throw new IllegalArgumentException("assume-role needs a session name");
        }
    }

    public boolean hasProviderClass() {
        return providerClass != null;
    }

    public boolean assumesRole() {
        return roleArn != null;
    }

    @Override
    public String toString() {
        return "AwsAuth[providerClass=" + providerClass + ", roleArn=" + roleArn + ", roleSessionName="
                + roleSessionName + ", externalId=" + (externalId == null ? "none" : "[hidden]") + ", stsEndpoint="
                + stsEndpoint + ", stsRegion=" + stsRegion + "]";
    }
}
