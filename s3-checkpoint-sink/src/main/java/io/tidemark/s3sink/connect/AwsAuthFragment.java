/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.connect.config.ConfigFragment;
import io.tidemark.connect.config.Problems;
import io.tidemark.connect.config.validators.OptionalHttpUrl;
import io.tidemark.s3sink.remote.AwsAuth;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How a connector that talks to S3 authenticates: static keys, a credentials provider class, or the
 * AWS SDK's default chain (which includes the web identity token file of IRSA on EKS), optionally
 * followed by STS AssumeRole. A fragment every S3 connector of the suite adds to its {@link ConfigDef}
 * ({@link #addTo}), with the {@link AwsAuth} the S3 client is built from ({@link #auth()}).
 */
public final class AwsAuthFragment extends ConfigFragment {

    public static final String GROUP = "AWS authentication";

    public static final String ACCESS_KEY_CONFIG = "aws.access.key.id";
    public static final String ACCESS_KEY_DOC = "Access key id. Empty (with an empty secret and no"
            + " s3.credentials.provider.class): the AWS SDK's default credentials chain: the environment"
            + " (AWS_ACCESS_KEY_ID), JVM system properties, the web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE"
            + " and AWS_ROLE_ARN, as IRSA on EKS sets them), the profile file, the container or the instance role.";

    public static final String SECRET_KEY_CONFIG = "aws.secret.access.key";
    public static final String SECRET_KEY_DOC = "Secret access key, paired with aws.access.key.id. Never logged.";

    public static final String PROVIDER_CLASS_CONFIG = "s3.credentials.provider.class";
    public static final String PROVIDER_CLASS_DOC = "A class implementing the AWS SDK v2's AwsCredentialsProvider,"
            + " with a public static create() method or a public no-argument constructor, in the plugin's directory or"
            + " on the worker's class path. If it implements org.apache.kafka.common.Configurable it is configured"
            + " with this connector's settings that start with '" + "s3.credentials.provider." + "', that prefix"
            + " removed. Empty: aws.access.key.id/aws.secret.access.key, or the default chain. Not with static keys.";

    /** Settings passed to a {@link Configurable} provider class, without this prefix. */
    public static final String PROVIDER_PREFIX = "s3.credentials.provider.";

    public static final String ROLE_ARN_CONFIG = "sts.role.arn";
    public static final String ROLE_ARN_DOC = "ARN of an IAM role to assume with STS AssumeRole"
            + " (arn:aws:iam::<account>:role/<name>). The credentials above (static keys, provider class or"
            + " default chain) call AssumeRole, and S3 is signed with the role's temporary credentials, refreshed"
            + " before they expire. Empty: no assume-role.";

    public static final String ROLE_SESSION_NAME_CONFIG = "sts.role.session.name";
    public static final String ROLE_SESSION_NAME_DOC =
            "Session name of the assumed role, shown in CloudTrail" + " (2-64 characters of [A-Za-z0-9+=,.@_-]).";
    public static final String ROLE_SESSION_NAME_DEFAULT = "tidemark-s3-checkpoint-sink";

    public static final String EXTERNAL_ID_CONFIG = "sts.role.external.id";
    public static final String EXTERNAL_ID_DOC = "External id of the AssumeRole call, when the role's trust policy"
            + " requires one (sts:ExternalId). Needs sts.role.arn. Never logged.";

    public static final String STS_ENDPOINT_CONFIG = "sts.endpoint";
    public static final String STS_ENDPOINT_DOC = "Endpoint of the AssumeRole call (for example a VPC endpoint,"
            + " https://sts.eu-west-1.amazonaws.com). Needs sts.role.arn: the default chain's web identity provider"
            + " calls STS through the SDK's own settings (AWS_REGION, AWS_STS_REGIONAL_ENDPOINTS,"
            + " AWS_ENDPOINT_URL_STS on the worker). Empty: the SDK's endpoint for sts.region.";

    public static final String STS_REGION_CONFIG = "sts.region";
    public static final String STS_REGION_DOC = "Region of the AssumeRole call. Needs sts.role.arn. Empty: s3.region.";

    private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    public AwsAuthFragment(AbstractConfig config) {
        super(config);
    }

    /** Adds the authentication settings to {@code def}, in their own group. */
    public static ConfigDef addTo(ConfigDef def) {
        int o = 0;
        return def.define(
                        ACCESS_KEY_CONFIG,
                        Type.PASSWORD,
                        null,
                        Importance.HIGH,
                        ACCESS_KEY_DOC,
                        GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Access key id")
                .define(
                        SECRET_KEY_CONFIG,
                        Type.PASSWORD,
                        null,
                        Importance.HIGH,
                        SECRET_KEY_DOC,
                        GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Secret access key")
                .define(
                        PROVIDER_CLASS_CONFIG,
                        Type.CLASS,
                        null,
                        new ProviderClassValidator(),
                        Importance.MEDIUM,
                        PROVIDER_CLASS_DOC,
                        GROUP,
                        ++o,
                        Width.LONG,
                        "Credentials provider class")
                .define(
                        ROLE_ARN_CONFIG,
                        Type.STRING,
                        "",
                        new PatternOrEmpty(ROLE_ARN, "an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>"),
                        Importance.MEDIUM,
                        ROLE_ARN_DOC,
                        GROUP,
                        ++o,
                        Width.LONG,
                        "Role to assume")
                .define(
                        ROLE_SESSION_NAME_CONFIG,
                        Type.STRING,
                        ROLE_SESSION_NAME_DEFAULT,
                        new PatternOrEmpty(SESSION_NAME, "2-64 characters of [A-Za-z0-9+=,.@_-]"),
                        Importance.LOW,
                        ROLE_SESSION_NAME_DOC,
                        GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Role session name")
                .define(
                        EXTERNAL_ID_CONFIG,
                        Type.PASSWORD,
                        null,
                        Importance.LOW,
                        EXTERNAL_ID_DOC,
                        GROUP,
                        ++o,
                        Width.MEDIUM,
                        "External id")
                .define(
                        STS_ENDPOINT_CONFIG,
                        Type.STRING,
                        "",
                        new OptionalHttpUrl(),
                        Importance.LOW,
                        STS_ENDPOINT_DOC,
                        GROUP,
                        ++o,
                        Width.LONG,
                        "STS endpoint")
                .define(
                        STS_REGION_CONFIG,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        STS_REGION_DOC,
                        GROUP,
                        ++o,
                        Width.SHORT,
                        "STS region");
    }

    /** Both keys or neither; keys or a provider class; the STS settings only with a role. */
    @Override
    public Map<String, List<String>> crossFieldProblems() {
        Problems problems = new Problems();
        String key = password(ACCESS_KEY_CONFIG);
        String secret = password(SECRET_KEY_CONFIG);
        if ((key == null) != (secret == null)) {
            problems.add(
                    key == null ? ACCESS_KEY_CONFIG : SECRET_KEY_CONFIG,
                    "set both aws.access.key.id and aws.secret.access.key, or neither");
        }
        if (key != null && providerClass() != null) {
            problems.add(
                    PROVIDER_CLASS_CONFIG,
                    "set either static keys (aws.access.key.id, aws.secret.access.key) or a credentials provider"
                            + " class, not both");
        }
        if (roleArn() == null) {
            for (String name : List.of(EXTERNAL_ID_CONFIG, STS_ENDPOINT_CONFIG, STS_REGION_CONFIG)) {
                if (isSet(name)) {
                    problems.add(
                            name,
                            "is used only by the STS AssumeRole call: set sts.role.arn, or remove " + name
                                    + (name.equals(EXTERNAL_ID_CONFIG)
                                            ? ""
                                            : " (the default chain's web identity provider calls STS through"
                                                    + " the SDK's own settings: AWS_REGION, AWS_ENDPOINT_URL_STS)"));
                }
            }
            if (config.originals().containsKey(ROLE_SESSION_NAME_CONFIG)) {
                problems.add(
                        ROLE_SESSION_NAME_CONFIG,
                        "is used only by the STS AssumeRole call: set sts.role.arn, or remove it");
            }
        } else if (config.getString(ROLE_SESSION_NAME_CONFIG).strip().isEmpty()) {
            problems.add(ROLE_SESSION_NAME_CONFIG, "assume-role needs a session name");
        }
        return problems.asMap();
    }

    /** The static access key id, or null. */
    public String accessKeyId() {
        return password(ACCESS_KEY_CONFIG);
    }

    /** The static secret access key, or null. */
    public String secretAccessKey() {
        return password(SECRET_KEY_CONFIG);
    }

    /** Provider class, role and STS settings (the static keys are {@link #accessKeyId()}, {@link #secretAccessKey()}). */
    public AwsAuth auth() {
        Class<?> provider = providerClass();
        String endpoint = config.getString(STS_ENDPOINT_CONFIG).strip();
        String region = config.getString(STS_REGION_CONFIG).strip();
        return new AwsAuth(
                provider == null ? null : provider.getName(),
                provider == null ? null : factory(provider, config.originalsWithPrefix(PROVIDER_PREFIX)),
                roleArn(),
                config.getString(ROLE_SESSION_NAME_CONFIG).strip(),
                password(EXTERNAL_ID_CONFIG),
                endpoint.isEmpty() ? null : URI.create(endpoint),
                region.isEmpty() ? null : region);
    }

    private Class<?> providerClass() {
        return config.getClass(PROVIDER_CLASS_CONFIG);
    }

    private String roleArn() {
        String arn = config.getString(ROLE_ARN_CONFIG).strip();
        return arn.isEmpty() ? null : arn;
    }

    private boolean isSet(String name) {
        Object v = config.originals().get(name);
        return v != null && !v.toString().strip().isEmpty();
    }

    private String password(String name) {
        Password p = config.getPassword(name);
        return p == null || p.value() == null || p.value().isEmpty() ? null : p.value();
    }

    /**
     * Creates an instance of {@code type} by its static {@code create()} or its no-argument
     * constructor, configured with {@code configs} when it is {@link Configurable}. A failure names
     * the setting.
     */
    static Supplier<AwsCredentialsProvider> factory(Class<?> type, Map<String, Object> configs) {
        return () -> {
            Object instance;
            try {
                Method create = staticCreate(type);
                instance = create != null
                        ? create.invoke(null)
                        : type.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new ProviderClassException(type, e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ProviderClassException(type, e);
            }
            if (instance instanceof Configurable c) {
                try {
                    c.configure(configs);
                } catch (RuntimeException e) {
                    throw new ProviderClassException(type, e);
                }
            }
            return (AwsCredentialsProvider) instance;
        };
    }

    private static Method staticCreate(Class<?> type) {
        try {
            Method m = type.getMethod("create");
            return Modifier.isStatic(m.getModifiers())
                            && AwsCredentialsProvider.class.isAssignableFrom(m.getReturnType())
                    ? m
                    : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The provider class could not be instantiated or configured. */
    static final class ProviderClassException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProviderClassException(Class<?> type, Throwable cause) {
            super(
                    PROVIDER_CLASS_CONFIG + " " + type.getName() + " could not be created: "
                            + (cause == null ? "unknown error" : cause.toString()),
                    cause);
        }
    }

    /** A class that implements AwsCredentialsProvider and can be created. */
    private static final class ProviderClassValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            Class<?> type = (Class<?>) value;
            if (!AwsCredentialsProvider.class.isAssignableFrom(type)) {
                throw new ConfigException(
                        name,
                        type.getName(),
                        "does not implement software.amazon.awssdk.auth.credentials.AwsCredentialsProvider");
            }
            if (staticCreate(type) == null) {
                try {
                    if (!Modifier.isPublic(type.getConstructor().getModifiers())
                            || Modifier.isAbstract(type.getModifiers())) {
                        throw new NoSuchMethodException();
                    }
                } catch (NoSuchMethodException e) {
                    throw new ConfigException(
                            name,
                            type.getName(),
                            "has neither a public static create() method nor a public no-argument constructor");
                }
            }
        }

        @Override
        public String toString() {
            return "empty, or a class implementing AwsCredentialsProvider with create() or a no-argument constructor";
        }
    }

    /** Empty, or a match of a pattern. */
    private static final class PatternOrEmpty implements ConfigDef.Validator {
        private final Pattern pattern;
        private final String description;

        PatternOrEmpty(Pattern pattern, String description) {
            this.pattern = pattern;
            this.description = description;
        }

        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString().strip();
            if (!s.isEmpty() && !pattern.matcher(s).matches()) {
                throw new ConfigException(name, s, "must be " + description);
            }
        }

        @Override
        public String toString() {
            return "empty, or " + description;
        }
    }
}
