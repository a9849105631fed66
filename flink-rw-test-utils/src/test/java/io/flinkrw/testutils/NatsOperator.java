package io.flinkrw.testutils;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * An operator-mode trust chain generated for one test server: an operator, a system account, and an
 * application account with JetStream enabled, all as JWTs signed here with jnats.
 */
public final class NatsOperator {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Account limits with JetStream enabled (disk and memory storage unlimited). */
    private static final String JETSTREAM_ACCOUNT_CLAIM =
            "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
                    + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1,\"mem_storage\":-1,"
                    + "\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1},"
                    + "\"type\":\"account\",\"version\":2}";

    private static final String SYSTEM_ACCOUNT_CLAIM =
            "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
                    + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1},"
                    + "\"type\":\"account\",\"version\":2}";

    private final NKey account;
    private final String operatorJwt;
    private final String systemAccountPublicKey;
    private final String systemAccountJwt;
    private final String accountPublicKey;
    private final String accountJwt;

    private NatsOperator(
            NKey account,
            String operatorJwt,
            String systemAccountPublicKey,
            String systemAccountJwt,
            String accountPublicKey,
            String accountJwt) {
        this.account = account;
        this.operatorJwt = operatorJwt;
        this.systemAccountPublicKey = systemAccountPublicKey;
        this.systemAccountJwt = systemAccountJwt;
        this.accountPublicKey = accountPublicKey;
        this.accountJwt = accountJwt;
    }

    /** Generates fresh keys and JWTs. */
    public static NatsOperator create() throws Exception {
        NKey operator = NKey.createOperator(RANDOM);
        NKey system = NKey.createAccount(RANDOM);
        NKey account = NKey.createAccount(RANDOM);
        String operatorPub = publicKey(operator);
        long now = System.currentTimeMillis() / 1000;
        String operatorJwt =
                JwtUtils.issueJWT(
                        operator,
                        operatorPub,
                        "test-operator",
                        null,
                        now,
                        operatorPub,
                        claim("{\"type\":\"operator\",\"version\":2}"));
        String systemJwt =
                JwtUtils.issueJWT(
                        operator,
                        publicKey(system),
                        "SYS",
                        null,
                        now,
                        operatorPub,
                        claim(SYSTEM_ACCOUNT_CLAIM));
        String accountJwt =
                JwtUtils.issueJWT(
                        operator,
                        publicKey(account),
                        "APP",
                        null,
                        now,
                        operatorPub,
                        claim(JETSTREAM_ACCOUNT_CLAIM));
        return new NatsOperator(
                account, operatorJwt, publicKey(system), systemJwt, publicKey(account), accountJwt);
    }

    /** A new user of the JetStream account: its JWT and NKey seed. */
    public NatsUserCredentials newUser(String name) throws Exception {
        return userSignedBy(account, name);
    }

    /** A user whose JWT expired a while ago. */
    public NatsUserCredentials expiredUser(String name) throws Exception {
        NKey user = NKey.createUser(RANDOM);
        long issuedAt = System.currentTimeMillis() / 1000 - 3600;
        String jwt =
                JwtUtils.issueUserJWT(
                        account,
                        publicKey(user),
                        name,
                        Duration.ofSeconds(60),
                        issuedAt,
                        new JwtUtils.UserClaim(accountPublicKey));
        return new NatsUserCredentials(jwt, new String(user.getSeed()));
    }

    /** A user signed by an account this server does not know. */
    public static NatsUserCredentials foreignUser(String name) throws Exception {
        return userSignedBy(NKey.createAccount(RANDOM), name);
    }

    private static NatsUserCredentials userSignedBy(NKey signer, String name) throws Exception {
        NKey user = NKey.createUser(RANDOM);
        String jwt =
                JwtUtils.issueUserJWT(
                        signer,
                        publicKey(user),
                        name,
                        null,
                        System.currentTimeMillis() / 1000,
                        new JwtUtils.UserClaim(publicKey(signer)));
        return new NatsUserCredentials(jwt, new String(user.getSeed()));
    }

    public String operatorJwt() {
        return operatorJwt;
    }

    public String systemAccountPublicKey() {
        return systemAccountPublicKey;
    }

    public String systemAccountJwt() {
        return systemAccountJwt;
    }

    public String accountPublicKey() {
        return accountPublicKey;
    }

    public String accountJwt() {
        return accountJwt;
    }

    private static String publicKey(NKey key) throws Exception {
        return new String(key.getPublicKey());
    }

    private static JsonSerializable claim(String json) {
        return () -> json;
    }
}
