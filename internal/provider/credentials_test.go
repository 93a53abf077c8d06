package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// The identities the credential tests' emulator knows. Each test makes only
// the source it exercises able to read certificates, so a read that works
// proves which source the provider used.
const (
	testRoleARN         = "acs:ram::1234567890123456:role/certs-reader"
	testOIDCProviderARN = "acs:ram::1234567890123456:oidc-provider/ack-rrsa"
	testOIDCToken       = "eyJhbGciOiJSUzI1NiJ9.test-oidc-token"
	testSSOToken        = "sso-access-token-3c1d"
	testInstanceRole    = "certs-reader"
)

var (
	profileUser = emulator.Credential{AccessKeyID: "LTAI-profile", AccessKeySecret: "profile-secret"}
	// baseUser may only assume roles: a read that works with it went through one.
	baseUser = emulator.Credential{AccessKeyID: "LTAI-base", AccessKeySecret: "base-secret", Actions: []string{"AssumeRole"}}
	stsUser  = emulator.Credential{AccessKeyID: "STS.static", AccessKeySecret: "static-sts-secret", SecurityToken: "static-sts-token"}
)

// credentialEmulator serves every credential service the provider can use.
func credentialEmulator(t *testing.T, change func(*emulator.Options)) *testEmulator {
	t.Helper()
	opts := emulator.Options{
		Credentials:          []emulator.Credential{profileUser, baseUser, stsUser},
		Roles:                []emulator.Role{{ARN: testRoleARN}},
		OIDCProviders:        []emulator.OIDCProvider{{ARN: testOIDCProviderARN, Tokens: []string{testOIDCToken}}},
		InstanceRoleName:     testInstanceRole,
		CredentialsURIPath:   "/credentials",
		CloudSSOAccessTokens: []string{testSSOToken},
	}
	if change != nil {
		change(&opts)
	}
	return startEmulator(t, opts, mappingFixture, overTLS)
}

// readsCerts is a step that must read job 8888's three certificates.
func readsCerts(config string) resource.TestStep {
	return resource.TestStep{
		Config: config + certsRead,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("certificates"), knownvalue.ListSizeExact(3)),
		},
	}
}

// cliConfigFile is an aliyun CLI config.json with a profile of every mode
// credentials-go reads; "current" is the StsToken one.
func cliConfigFile(t *testing.T, host string) string {
	t.Helper()
	tokenFile := writeFile(t, "oidc-token", testOIDCToken)
	return fmt.Sprintf(`{
  "current": "sts",
  "profiles": [
    {"name": "ak", "mode": "AK", "access_key_id": %[1]q, "access_key_secret": %[2]q, "region_id": "cn-hangzhou"},
    {"name": "sts", "mode": "StsToken", "access_key_id": %[3]q, "access_key_secret": %[4]q, "sts_token": %[5]q},
    {"name": "base", "mode": "AK", "access_key_id": %[6]q, "access_key_secret": %[7]q},
    {"name": "role", "mode": "RamRoleArn", "access_key_id": %[6]q, "access_key_secret": %[7]q,
     "ram_role_arn": %[8]q, "ram_session_name": "cli", "expired_seconds": 900, "sts_region": "cn-hangzhou"},
    {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "base",
     "ram_role_arn": %[8]q, "ram_session_name": "cli-chain", "sts_region": "cn-shanghai"},
    {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": %[9]q},
    {"name": "oidc", "mode": "OIDC", "oidc_provider_arn": %[10]q, "oidc_token_file": %[11]q,
     "ram_role_arn": %[8]q, "ram_session_name": "cli-oidc", "sts_region": "cn-hangzhou"},
    {"name": "sso", "mode": "CloudSSO", "cloud_sso_sign_in_url": "https://%[12]s", "cloud_sso_account_id": "1234567890123456",
     "cloud_sso_access_config": "ac-certs", "access_token": %[13]q, "cloud_sso_access_token_expire": %[14]d}
  ]
}`, profileUser.AccessKeyID, profileUser.AccessKeySecret, stsUser.AccessKeyID, stsUser.AccessKeySecret, stsUser.SecurityToken,
		baseUser.AccessKeyID, baseUser.AccessKeySecret, testRoleARN, testInstanceRole, testOIDCProviderARN, tokenFile,
		host, testSSOToken, time.Now().Add(time.Hour).Unix())
}

// Every profile mode the aliyun CLI writes works, picked from a file with
// several profiles by the profile argument, ALIBABA_CLOUD_PROFILE, or the
// file's current profile. The role modes call STS at the host credentials-go
// derives from sts_region, the ECS mode the metadata service's fixed
// address: both reach the emulator through the test proxy.
func TestAccCredentials_cliProfileModes(t *testing.T) {
	clearCredentialEnv(t)
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "false") // the metadata address is the test proxy's
	srv := credentialEmulator(t, nil)
	host := srv.Host
	file := writeFile(t, "config.json", cliConfigFile(t, host))
	withProfile := func(name string) string {
		return tlsProviderBlock(host, fmt.Sprintf("  profile = %q\n  shared_credentials_file = %q", name, file))
	}
	steps := []resource.TestStep{
		readsCerts(tlsProviderBlock(host, fmt.Sprintf("  shared_credentials_file = %q", file))), // current: sts
	}
	for _, name := range []string{"ak", "sts", "role", "chain", "ecs", "oidc", "sso"} {
		steps = append(steps, readsCerts(withProfile(name)))
	}
	fromEnv := readsCerts(tlsProviderBlock(host, ""))
	fromEnv.PreConfig = func() {
		t.Setenv("ALIBABA_CLOUD_PROFILE", "ak")
		t.Setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", file)
	}
	steps = append(steps, fromEnv)
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProviders, Steps: steps})

	if len(srv.Issued()) == 0 {
		t.Error("no temporary credentials were issued: the role, ECS, OIDC and CloudSSO profiles did not fetch any")
	}
}

// With nothing configured, the aliyun CLI's own file in the home directory
// is used, with its current profile.
func TestAccCredentials_defaultCLIConfig(t *testing.T) {
	clearCredentialEnv(t)
	host := credentialEmulator(t, nil).Host
	t.Setenv("HOME", homeWithDefaultProfile(t, cliConfigFile(t, host)))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{readsCerts(tlsProviderBlock(host, ""))},
	})
}

// assume_role assumes the role with the credentials found (here a RAM user
// that may do nothing but assume roles), from the block or the environment.
func TestAccCredentials_assumeRole(t *testing.T) {
	clearCredentialEnv(t)
	srv := credentialEmulator(t, func(o *emulator.Options) {
		o.Roles = []emulator.Role{{ARN: testRoleARN, ExternalID: "ext-42", MaxSessionDuration: 2 * time.Hour}}
	})
	host := srv.Host
	keys := fmt.Sprintf("  access_key = %q\n  secret_key = %q\n", baseUser.AccessKeyID, baseUser.AccessKeySecret)
	fromEnv := readsCerts(tlsProviderBlock(host, keys+"  assume_role {\n    external_id = \"ext-42\"\n  }"))
	fromEnv.PreConfig = func() {
		t.Setenv("ALICLOUD_ASSUME_ROLE_ARN", testRoleARN)
		t.Setenv("ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "5400")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			readsCerts(tlsProviderBlock(host, keys+fmt.Sprintf(`
  assume_role {
    role_arn           = %q
    session_name       = "certs-ci"
    session_expiration = 7200
    external_id        = "ext-42"
    policy             = jsonencode({ Version = "1", Statement = [{ Effect = "Allow", Action = "yundun-cert:List*", Resource = "*" }] })
  }`, testRoleARN))),
			fromEnv,
			{
				Config: tlsProviderBlock(host, keys+"  assume_role {\n    role_arn = \"acs:ram::1234567890123456:role/nobody\"\n  }") + certsRead,
				ExpectError: errorPattern(regexp.QuoteMeta("could not get credentials from role acs:ram::1234567890123456:role/nobody (assume_role) assumed with the AccessKey pair from access_key and secret_key"),
					"Code EntityNotExist.Role", "RequestId "+requestIDPattern, "No such role: check the role ARN"),
			},
			{
				Config:      tlsProviderBlock(host, keys+fmt.Sprintf("  assume_role {\n    role_arn = %q\n  }", testRoleARN)) + certsRead,
				ExpectError: errorPattern("Code NoPermission", "check the role's trust policy", "external_id"),
			},
		},
	})
	if len(srv.Issued()) == 0 {
		t.Error("no role credentials were issued")
	}
}

// Temporary credentials are renewed as they near expiry, however long a run
// takes, and reused while they are fresh. credentials-go renews within three
// minutes of expiry: role credentials that last two minutes are renewed for
// every call; ones that last an hour serve every call of a run.
func TestAccCredentials_assumeRoleRenewsCredentials(t *testing.T) {
	const threeReads = `
data "alicas_deployment_job_certs" "a" {
  job_id = 8888
}
data "alicas_deployment_job_certs" "b" {
  job_id = 8888
}
data "alicas_deployment_job_certs" "c" {
  job_id = 8888
}
`
	for _, tc := range []struct {
		lifetime        time.Duration
		casCallsPerRole int
	}{
		{2 * time.Minute, 1},
		{time.Hour, 3},
	} {
		t.Run(tc.lifetime.String(), func(t *testing.T) {
			clearCredentialEnv(t)
			srv := credentialEmulator(t, func(o *emulator.Options) { o.TemporaryCredentialLifetime = tc.lifetime })
			host := srv.Host
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: tlsProviderBlock(host, fmt.Sprintf("  access_key = %q\n  secret_key = %q\n  assume_role {\n    role_arn = %q\n  }",
						baseUser.AccessKeyID, baseUser.AccessKeySecret, testRoleARN)) + threeReads,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.c", tfjsonpath.New("certificates"), knownvalue.ListSizeExact(3)),
					},
				}},
			})
			roles := int64(len(srv.Issued()))
			cas := srv.Requests() - roles
			t.Logf("role credentials lasting %s: %d AssumeRole calls for %d CAS calls", tc.lifetime, roles, cas)
			if roles == 0 || cas != roles*int64(tc.casCallsPerRole) {
				t.Errorf("%d AssumeRole calls for %d CAS calls, want %d CAS calls per role credential", roles, cas, tc.casCallsPerRole)
			}
		})
	}
}

// Configuring the provider fetches nothing: a plan whose reads wait for
// apply makes no call at all, not even to STS.
func TestAccCredentials_nothingFetchedBeforeRead(t *testing.T) {
	clearCredentialEnv(t)
	srv := credentialEmulator(t, nil)
	host := srv.Host
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: tlsProviderBlock(host, fmt.Sprintf("  access_key = %q\n  secret_key = %q\n  assume_role {\n    role_arn = %q\n  }",
				baseUser.AccessKeyID, baseUser.AccessKeySecret, testRoleARN)) + `
resource "terraform_data" "job" {
  input = 8888
}
data "alicas_deployment_job_certs" "test" {
  job_id = terraform_data.job.output
}
`,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	if n := srv.Requests(); n != 0 {
		t.Errorf("planning made %d calls; configuring the provider must fetch nothing", n)
	}
}

// assume_role_with_oidc needs no other credentials: from the block (token
// file or token), or from the variables RRSA sets in a pod.
func TestAccCredentials_assumeRoleWithOIDC(t *testing.T) {
	clearCredentialEnv(t)
	host := credentialEmulator(t, nil).Host
	tokenFile := writeFile(t, "token", testOIDCToken+"\n")
	fromEnv := readsCerts(tlsProviderBlock(host, ""))
	fromEnv.PreConfig = func() {
		t.Setenv("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", testOIDCProviderARN)
		t.Setenv("ALIBABA_CLOUD_OIDC_TOKEN_FILE", tokenFile)
		t.Setenv("ALIBABA_CLOUD_ROLE_ARN", testRoleARN)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			readsCerts(tlsProviderBlock(host, fmt.Sprintf(`
  assume_role_with_oidc {
    oidc_provider_arn  = %q
    oidc_token_file    = %q
    role_arn           = %q
    role_session_name  = "rrsa-pod"
    session_expiration = 900
  }`, testOIDCProviderARN, tokenFile, testRoleARN))),
			readsCerts(tlsProviderBlock(host, fmt.Sprintf("  assume_role_with_oidc {\n    oidc_provider_arn = %q\n    oidc_token = %q\n    role_arn = %q\n  }",
				testOIDCProviderARN, testOIDCToken, testRoleARN))),
			{
				Config: tlsProviderBlock(host, fmt.Sprintf("  assume_role_with_oidc {\n    oidc_provider_arn = %q\n    oidc_token = \"not-the-token\"\n    role_arn = %q\n  }",
					testOIDCProviderARN, testRoleARN)) + certsRead,
				ExpectError: errorPattern("could not get credentials from role "+testRoleARN+" assumed with OIDC",
					"Code AuthenticationFail.OIDCToken.Invalid", "The OIDC token was refused"),
			},
			fromEnv,
		},
	})
}

func TestAccCredentials_credentialsURI(t *testing.T) {
	clearCredentialEnv(t)
	host := credentialEmulator(t, nil).Host
	fromEnv := readsCerts(tlsProviderBlock(host, ""))
	fromEnv.PreConfig = func() { t.Setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "https://"+host+"/credentials") }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			readsCerts(tlsProviderBlock(host, fmt.Sprintf("  credentials_uri = \"https://%s/credentials\"", host))),
			fromEnv,
			{
				Config:      tlsProviderBlock(host, fmt.Sprintf("  credentials_uri = \"https://%s/elsewhere?sig=s3cr3t\"", host)) + certsRead,
				ExpectError: errorPattern(`could not get credentials from the credentials URI https://` + host + `/elsewhere\?\[redacted\] \(set by credentials_uri\)`),
			},
		},
	})
}

// ecs_role_name reads the instance metadata service at its fixed address
// (the test proxy answers it), unless ALIBABA_CLOUD_ECS_METADATA_DISABLED
// turns it off.
func TestAccCredentials_ecsRoleName(t *testing.T) {
	clearCredentialEnv(t)
	host := credentialEmulator(t, nil).Host
	disabled := resource.TestStep{
		Config:      tlsProviderBlock(host, fmt.Sprintf("  ecs_role_name = %q", testInstanceRole)) + certsRead,
		ExpectError: errorPattern("Cannot use the ECS instance role", "ecs_role_name is set \\(by ecs_role_name\\) but the ECS metadata service is turned off", "unset ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
	}
	disabled.PreConfig = func() { t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true") }
	enabled := readsCerts(tlsProviderBlock(host, fmt.Sprintf("  ecs_role_name = %q", testInstanceRole)))
	enabled.PreConfig = func() { t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "false") }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{disabled, enabled},
	})
}
