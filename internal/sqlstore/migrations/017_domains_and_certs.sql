-- Issue 15: a tenant's own domains, proven by a DNS TXT record, and the
-- certificates MAIS obtains for them over ACME (MAIS_TLS=auto).

-- token is the secret half of the TXT record the tenant creates
-- (_mais-verify.<domain> = "mais-verify=<token>"). Claims that are not yet
-- proven may overlap between tenants, so nobody can hold a domain hostage
-- by adding it first; once proven, a domain belongs to one tenant.
CREATE TABLE tenant_domains (
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    domain      TEXT NOT NULL,
    token       TEXT NOT NULL,
    verified    {{BOOL}} NOT NULL DEFAULT {{FALSE}},
    created_at  {{TIMESTAMP}} NOT NULL,
    verified_at {{TIMESTAMP}},
    PRIMARY KEY (tenant_id, domain)
);
CREATE UNIQUE INDEX tenant_domains_verified ON tenant_domains (domain) WHERE verified = {{TRUE}};

-- A domain a platform admin set is vouched for by the operator: verified.
INSERT INTO tenant_domains (tenant_id, domain, token, verified, created_at, verified_at)
    SELECT id, custom_domain, '', {{TRUE}}, updated_at, updated_at FROM tenants
    WHERE custom_domain IS NOT NULL AND custom_domain <> '';

-- certmagic's storage: certificates, keys and ACME account data by key
-- ("certificates/<ca>/<domain>/<domain>.crt"), base64 of the bytes.
CREATE TABLE cert_store (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    modified_at {{TIMESTAMP}} NOT NULL
);

-- certmagic's locks on SQLite (PostgreSQL uses session advisory locks): a
-- row per held lock, taken over once expires_at has passed (a process
-- that died while holding it).
CREATE TABLE cert_locks (
    name       TEXT PRIMARY KEY,
    expires_at {{TIMESTAMP}} NOT NULL
);
