package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// With TRACE logging on for the terraform CLI and the provider, no secret of
// any credential source appears in the log, which also holds every
// diagnostic: not the base keys, not an OIDC token, not what a profile file
// holds (even a malformed one), not the temporary credentials STS issues, and
// not the string to sign an STS signature mismatch echoes (it holds the
// caller's security token).
func TestAccCredentials_secretsStayOutOfLogsAndDiagnostics(t *testing.T) {
	clearCredentialEnv(t)
	base := emulator.Credential{AccessKeyID: "STS.base", AccessKeySecret: "base-secret-5d1e-never-log",
		SecurityToken: "base-token-77a0-never-log", Actions: []string{"AssumeRole"}}
	expiredProfile := emulator.Credential{AccessKeyID: "STS.expired", AccessKeySecret: "expired-secret-0b3c-never-log",
		SecurityToken: "expired-token-9f42-never-log", Expiration: time.Now().Add(-time.Hour)}
	const (
		oidcToken    = "oidc-token-4e8b-never-log"
		brokenSecret = "secret-in-broken-file-never-log"
	)
	srv := startEmulator(t, emulator.Options{
		Credentials:   []emulator.Credential{base, expiredProfile},
		Roles:         []emulator.Role{{ARN: testRoleARN}},
		OIDCProviders: []emulator.OIDCProvider{{ARN: testOIDCProviderARN, Tokens: []string{oidcToken}}},
	}, mappingFixture, overTLS)
	host := srv.Host
	profiles := writeFile(t, "config.json", fmt.Sprintf(`{"current": "expired", "profiles": [{"name": "expired", "mode": "StsToken",
  "access_key_id": %q, "access_key_secret": %q, "sts_token": %q}]}`, expiredProfile.AccessKeyID, expiredProfile.AccessKeySecret, expiredProfile.SecurityToken))
	broken := writeFile(t, "broken.json", `{"current": "x", "profiles": [{"name": "x", "access_key_secret": "`+brokenSecret+`"]}`)

	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("ALICLOUD_SECURITY_TOKEN", base.SecurityToken)

	// Secrets reach terraform as sensitive variables: the test harness logs
	// each step's configuration text at TRACE.
	variables := `
variable "secret" {
  type      = string
  sensitive = true
}
variable "oidc_token" {
  type      = string
  sensitive = true
}
`
	vars := func(secret string) config.Variables {
		return config.Variables{"secret": config.StringVariable(secret), "oidc_token": config.StringVariable(oidcToken)}
	}
	assumeRole := func(roleARN string) string {
		return variables + tlsProviderBlock(host, fmt.Sprintf("  access_key = %q\n  secret_key = var.secret\n  assume_role {\n    role_arn = %q\n  }",
			base.AccessKeyID, roleARN)) + certsRead
	}
	profile := func(file string) string {
		return variables + tlsProviderBlock(host, fmt.Sprintf("  shared_credentials_file = %q", file)) + certsRead
	}
	works := func(cfg string) resource.TestStep {
		s := readsCerts(cfg)
		s.Config, s.ConfigVariables = cfg, vars(base.AccessKeySecret)
		return s
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: assumeRole("acs:ram::1234567890123456:role/nobody"), ConfigVariables: vars(base.AccessKeySecret),
				ExpectError: errorPattern("Code EntityNotExist.Role")},
			{Config: assumeRole(testRoleARN), ConfigVariables: vars(base.AccessKeySecret + "-wrong"),
				ExpectError: errorPattern("Code SignatureDoesNotMatch: Specified signature is not matched with our calculation. server \\(RequestId")},
			{Config: profile(broken), ConfigVariables: vars(base.AccessKeySecret), ExpectError: errorPattern("not valid JSON")},
			{Config: profile(profiles), ConfigVariables: vars(base.AccessKeySecret), ExpectError: errorPattern("InvalidSecurityToken.Expired")},
			works(assumeRole(testRoleARN)),
			works(variables + tlsProviderBlock(host, fmt.Sprintf("  assume_role_with_oidc {\n    oidc_provider_arn = %q\n    oidc_token = var.oidc_token\n    role_arn = %q\n  }",
				testOIDCProviderARN, testRoleARN)) + certsRead),
		},
	})

	logBytes, err := os.ReadFile(logPath) //nolint:gosec // a file in the test's own temp dir
	if err != nil {
		t.Fatal(err)
	}
	log := string(logBytes)
	for _, want := range []string{"CAS API call", "could not get credentials from role", "not valid JSON", "InvalidSecurityToken.Expired"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace lacks %q: it would not show a leak in the provider's logs or diagnostics", want)
		}
	}
	secrets := map[string]string{
		"base secret": base.AccessKeySecret, "base token": base.SecurityToken, "OIDC token": oidcToken,
		"secret in a malformed profile file": brokenSecret,
		"expired profile secret":             expiredProfile.AccessKeySecret, "expired profile token": expiredProfile.SecurityToken,
	}
	issued := srv.Issued()
	if len(issued) < 2 {
		t.Fatalf("%d temporary credentials issued, want some from AssumeRole and AssumeRoleWithOIDC", len(issued))
	}
	for i, c := range issued {
		secrets[fmt.Sprintf("issued secret %d", i)] = c.AccessKeySecret
		secrets[fmt.Sprintf("issued token %d", i)] = c.SecurityToken
	}
	for name, value := range secrets {
		if strings.Contains(log, value) {
			t.Errorf("%s found in the TRACE log", name)
		}
	}
}
