package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// When several sources are set, the documented order decides. In each step
// only the source that must win can read certificates; the sources it must
// beat are broken (unknown keys, unreachable, turned off).
func TestAccCredentials_precedence(t *testing.T) {
	clearCredentialEnv(t)
	host := credentialEmulator(t, nil).Host
	file := writeFile(t, "config.json", cliConfigFile(t, host))
	tokenFile := writeFile(t, "token", testOIDCToken)
	brokenOIDC := fmt.Sprintf("  assume_role_with_oidc {\n    oidc_provider_arn = %q\n    oidc_token = \"wrong\"\n    role_arn = %q\n  }", testOIDCProviderARN, testRoleARN)

	step := func(env map[string]string, body string) resource.TestStep {
		s := readsCerts(tlsProviderBlock(host, body))
		s.PreConfig = func() {
			clearCredentialEnv(t)
			for k, v := range env {
				t.Setenv(k, v)
			}
		}
		return s
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			// An argument beats its environment variables, value by value.
			step(map[string]string{"ALICLOUD_ACCESS_KEY": "LTAI-env-unknown", "ALICLOUD_SECRET_KEY": "nope"},
				fmt.Sprintf("  access_key = %q\n  secret_key = %q", profileUser.AccessKeyID, profileUser.AccessKeySecret)),
			// Keys (here from the environment) beat a profile.
			step(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": profileUser.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": profileUser.AccessKeySecret},
				fmt.Sprintf("  profile = \"base\"\n  shared_credentials_file = %q", file)),
			// A profile beats credentials_uri, which beats ecs_role_name.
			step(map[string]string{"ALICLOUD_CREDENTIALS_URI": "https://127.0.0.1:1/credentials"},
				fmt.Sprintf("  profile = \"ak\"\n  shared_credentials_file = %q\n  ecs_role_name = \"off\"", file)),
			step(map[string]string{"ALICLOUD_ECS_ROLE_NAME": "off"}, // would fail: the metadata service is off
				fmt.Sprintf("  credentials_uri = \"https://%s/credentials\"", host)),
			// ecs_role_name beats assume_role_with_oidc.
			step(map[string]string{"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "false"},
				fmt.Sprintf("  ecs_role_name = %q\n%s", testInstanceRole, brokenOIDC)),
			// assume_role_with_oidc beats the CLI's default file.
			step(map[string]string{"HOME": homeWithDefaultProfile(t, `{"current": "base", "profiles": [{"name": "base", "mode": "AK",
				"access_key_id": "LTAI-base", "access_key_secret": "base-secret"}]}`)}, fmt.Sprintf("  assume_role_with_oidc {\n    oidc_provider_arn = %q\n    oidc_token_file = %q\n    role_arn = %q\n  }",
				testOIDCProviderARN, tokenFile, testRoleARN)),
		},
	})
}

// homeWithDefaultProfile is a home directory whose ~/.aliyun/config.json is config.
func homeWithDefaultProfile(t *testing.T, config string) string {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aliyun", "config.json"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return home
}

// A failure names the source it came from and says what to fix, in one
// diagnostic, before anything is called where the mistake is local.
func TestAccCredentials_configurationErrors(t *testing.T) {
	clearCredentialEnv(t)
	host := credentialEmulator(t, nil).Host
	file := writeFile(t, "config.json", cliConfigFile(t, host))
	malformed := writeFile(t, "config.json", "{\n  \"current\": \"ak\",\n  \"profiles\": [ {\"name\": \"ak\", \"access_key_secret\": \"s3cr3t-in-a-broken-file\" ]\n}\n")
	expectError := func(body string, parts ...string) resource.TestStep {
		return resource.TestStep{Config: tlsProviderBlock(host, body) + certsRead, ExpectError: errorPattern(parts...)}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			expectError(fmt.Sprintf("  profile = \"nope\"\n  shared_credentials_file = %q", file),
				"Unknown profile", `Profile "nope" \(set by profile\) is not in `+regexp.QuoteMeta(file),
				`which has: "ak", "sts", "base", "role", "chain", "ecs", "oidc", "sso"`, "aliyun configure --profile nope"),
			expectError(fmt.Sprintf("  shared_credentials_file = %q", malformed),
				"Cannot use the aliyun CLI configuration file", regexp.QuoteMeta(malformed)+` \(set by shared_credentials_file\): it is not valid JSON \(line 3:`,
				"run `aliyun configure` to rewrite it"),
			expectError(fmt.Sprintf("  shared_credentials_file = %q", filepath.Join(t.TempDir(), "missing.json")),
				"the file does not exist; create it with `aliyun configure`"),
			expectError(fmt.Sprintf("  assume_role {\n    role_arn = %q\n  }", testRoleARN),
				"No credentials to assume the role with", "assume_role assumes "+testRoleARN+" with other credentials, and none were found",
				"1. access_key and secret_key"),
			expectError(fmt.Sprintf("  access_key = %q\n  secret_key = %q\n  assume_role {}", baseUser.AccessKeyID, baseUser.AccessKeySecret),
				"Missing assume_role.role_arn", "set role_arn in it, or ALICLOUD_ASSUME_ROLE_ARN, ALIBABA_CLOUD_ROLE_ARN"),
			expectError(fmt.Sprintf("  assume_role_with_oidc {\n    role_arn = %q\n  }", testRoleARN),
				"Incomplete assume_role_with_oidc", "AssumeRoleWithOIDC needs oidc_provider_arn"),
			expectError(fmt.Sprintf("  access_key = %q", profileUser.AccessKeyID),
				"Missing secret_key", "access_key is set \\(by access_key\\) but secret_key is not"),
			expectError(fmt.Sprintf("  access_key = %q\n  secret_key = %q\n  assume_role {\n    role_arn = %q\n    session_expiration = 60\n  }",
				baseUser.AccessKeyID, baseUser.AccessKeySecret, testRoleARN),
				"Invalid assume_role.session_expiration", "assume_role.session_expiration must be a whole number from 900 to 43200, got 60"),
		},
	})
}

// An expired STS token fails the read with the service's answer and names
// where the token came from, whichever source that was.
func TestAccCredentials_expiredSTSToken(t *testing.T) {
	clearCredentialEnv(t)
	expired := stsUser
	expired.Expiration = time.Now().Add(-time.Minute)
	host := credentialEmulator(t, func(o *emulator.Options) { o.Credentials = []emulator.Credential{expired} }).Host
	file := writeFile(t, "config.json", cliConfigFile(t, host))
	fromEnv := resource.TestStep{
		Config: tlsProviderBlock(host, fmt.Sprintf("  access_key = %q\n  secret_key = %q", stsUser.AccessKeyID, stsUser.AccessKeySecret)) + certsRead,
		ExpectError: errorPattern("Code InvalidSecurityToken.Expired", "The STS token \\(ALICLOUD_SECURITY_TOKEN\\) has expired",
			"Credentials used: the AccessKey pair from access_key and secret_key with the STS token from ALICLOUD_SECURITY_TOKEN"),
	}
	fromEnv.PreConfig = func() { t.Setenv("ALICLOUD_SECURITY_TOKEN", stsUser.SecurityToken) }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			fromEnv,
			{
				Config: tlsProviderBlock(host, fmt.Sprintf("  profile = \"sts\"\n  shared_credentials_file = %q", file)) + certsRead,
				ExpectError: errorPattern("Code InvalidSecurityToken.Expired",
					regexp.QuoteMeta(fmt.Sprintf(`The STS token (the profile "sts"'s sts_token in %s) has expired`, file)),
					regexp.QuoteMeta(fmt.Sprintf(`Credentials used: profile "sts" (mode StsToken) in %s.`, file))),
			},
		},
	})
}

// The documentation's index lists every environment variable the provider
// reads.
func TestDocsListEveryEnvironmentVariable(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../templates/index.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range environmentVariables() {
		if !regexp.MustCompile("`" + name + "`").Match(doc) {
			t.Errorf("templates/index.md.tmpl does not mention `%s`", name)
		}
	}
}
