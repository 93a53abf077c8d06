package provider

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// mistake is one thing a user can get wrong (issue 11 numbers them) and
// what they must see, through the terraform CLI: the parts of one error, in
// order, or of one warning when the run goes on (read from the log), and
// how many API calls were made before the error (-1: not counted): counted
// on the emulator, or on the endpoint that never answers, or, where nothing
// listens, in the log (one retry line per attempt after the first).
type mistake struct {
	item   int
	name   string
	config func(url string) string
	errs   []string
	calls  int64
	warns  []string
	env    map[string]string // see endpointPlaceholders
	absent []string          // in no diagnostic and no line of the TRACE log
}

// In a row's config and env, "{url}" and "{host}" stand for the emulator's,
// "{refused}" for a loopback URL where nothing listens, "{silent}" for an
// endpoint that takes requests and never answers, and "{cli_config}" for an
// aliyun CLI config file whose profile "dev" holds the emulator's AccessKey
// ID with a wrong secret.
const (
	refusedPlaceholder   = "{refused}"
	silentPlaceholder    = "{silent}"
	cliConfigPlaceholder = "{cli_config}"
)

// wrongSecretBy is a provider block pointed at url that takes its keys from
// arguments and a wrong secret (env sets them instead when arguments is empty).
func wrongSecretBy(url string, arguments ...string) string {
	return providerBlock(url, "", arguments...) + certsRead
}

func certsOf(job string) string {
	return fmt.Sprintf("data \"alicas_deployment_job_certs\" \"test\" {\n  job_id = %s\n}\n", job)
}

var mistakes = []mistake{
	{1, "a token in the query of a failing credentials URI", func(url string) string { return providerBlock(url, "") + certsRead },
		[]string{"Could not get credentials from the credentials URI http://127.0.0.1:[0-9]+/no-credentials-here\\?\\[redacted\\]"}, 1, nil,
		map[string]string{"ALICLOUD_CREDENTIALS_URI": "{url}/no-credentials-here?token=SEKRETQ"}, []string{"SEKRETQ"}},
	{1, "a password in a credentials URI", func(url string) string { return providerBlock(url, "") + certsRead },
		[]string{"Could not get credentials from the credentials URI http://127.0.0.1:[0-9]+/no-credentials-here \\(set by ALIBABA_CLOUD_CREDENTIALS_URI\\)"},
		1, nil, map[string]string{"ALIBABA_CLOUD_CREDENTIALS_URI": "http://alice:PASSWD7@{host}/no-credentials-here"}, []string{"PASSWD7", "alice"}},
	{1, "a token in the CAS endpoint", func(string) string {
		return "provider \"alicas\" {\n  access_key = \"a\"\n  secret_key = \"b\"\n}\n" + certsRead
	}, []string{"Invalid endpoints.cas", "must be only a scheme and host", "set by ALIBABA_CLOUD_ENDPOINT_CAS"},
		0, nil, map[string]string{"ALIBABA_CLOUD_ENDPOINT_CAS": "{url}/?token=SEKRETC"}, []string{"SEKRETC"}},
	{1, "a token in the STS endpoint", func(url string) string { return providerConfig(url) + certsRead },
		[]string{"Invalid endpoints.sts", "set by ALIBABA_CLOUD_ENDPOINT_STS"},
		0, nil, map[string]string{"ALIBABA_CLOUD_ENDPOINT_STS": "https://sts.example.com/?token=SEKRETS"}, []string{"SEKRETS"}},
	{2, "a fraction for job_id", func(url string) string { return providerConfig(url) + certsOf("1.5") },
		[]string{"Invalid job_id", "job_id must be a whole number of at least 1, got 1.5"}, 0, nil, nil, nil},
	{2, "a job_id beyond int64", func(url string) string { return providerConfig(url) + certsOf("99999999999999999999") },
		[]string{"Invalid job_id", "job_id must be a whole number of at least 1, got 99999999999999999999"}, 0, nil, nil, nil},
	{2, "a fraction for the workers' job_id", func(url string) string {
		return providerConfig(url) + "data \"alicas_deployment_job_workers\" \"test\" {\n  job_id = 1.5\n}\n"
	}, []string{"Invalid job_id", "job_id must be a whole number of at least 1, got 1.5"}, 0, nil, nil, nil},
	{2, "a certificate's cert_id beyond int64", func(url string) string {
		return providerConfig(url) + "data \"alicas_certificate\" \"test\" {\n  cert_id = 99999999999999999999\n}\n"
	}, []string{"Invalid cert_id", "cert_id must be a whole number of at least 1, got 99999999999999999999"}, 0, nil, nil, nil},
	{2, "a fraction for the certificate key's cert_id", func(url string) string {
		return providerConfig(url) + "ephemeral \"alicas_certificate_key\" \"test\" {\n  cert_id = 2.5\n}\n"
	}, []string{"Invalid cert_id", "cert_id must be a whole number of at least 1, got 2.5"}, 0, nil, nil, nil},
	{2, "a fraction among the cloud resources' certificate_ids", func(url string) string {
		return providerConfig(url) + "data \"alicas_cloud_resources\" \"test\" {\n  certificate_ids = [11174101, 1.5]\n}\n"
	}, []string{"Invalid certificate_ids", "Each element of certificate_ids must be a whole number of at least 1, got 1.5"}, 0, nil, nil, nil},
	{2, "a zero among the cloud resources' certificate_ids", func(url string) string {
		return providerConfig(url) + "data \"alicas_cloud_resources\" \"test\" {\n  certificate_ids = [0]\n}\n"
	}, []string{"Invalid certificate_ids", "Each element of certificate_ids must be a whole number of at least 1, got 0"}, 0, nil, nil, nil},
	{2, "a fraction among a deployment job's certificate_ids", func(url string) string { return jobConfig(url, "[11174106, 1.5]", "[22005]") },
		[]string{"Invalid certificate_ids", "Each element of certificate_ids must be a whole number of at least 1, got 1.5"}, 0, nil, nil, nil},
	{2, "a deployment job's resource_ids beyond int64", func(url string) string { return jobConfig(url, "[11174106]", "[1e20]") },
		[]string{"Invalid resource_ids", "Each element of resource_ids must be a whole number of at least 1, got 100000000000000000000"}, 0, nil, nil, nil},
	{2, "a zero among a deployment job's contact_ids", func(url string) string {
		return strings.Replace(jobConfig(url, "[11174106]", "[22005]"), `["3304"]`, "[3304, 0]", 1)
	}, []string{"Invalid contact_ids", "Each element of contact_ids must be a whole number of at least 1, got 0"}, 0, nil, nil, nil},
	{2, "a fraction for a certificate's private_key_wo_version", func(url string) string {
		return providerConfig(url) + "resource \"alicas_certificate\" \"web\" {\n  certificate = \"c\"\n  private_key_wo = \"k\"\n  private_key_wo_version = 1.5\n}\n"
	}, []string{"Invalid private_key_wo_version", "private_key_wo_version must be a whole number of at least 1, got 1.5"}, 0, nil, nil, nil},
	{2, "a certificate's private_key_wo_version beyond int64", func(url string) string {
		return providerConfig(url) + "resource \"alicas_certificate\" \"web\" {\n  certificate = \"c\"\n  private_key_wo = \"k\"\n  private_key_wo_version = 1e20\n}\n"
	}, []string{"Invalid private_key_wo_version", "private_key_wo_version must be a whole number of at least 1, got 100000000000000000000"}, 0, nil, nil, nil},
	{2, "a fraction for max_retries", func(url string) string { return providerConfig(url, "max_retries = 1.5") + certsRead },
		[]string{"Invalid max_retries", "max_retries must be a whole number from 0 to 100, got 1.5"}, 0, nil, nil, nil},
	{2, "a fraction for max_requests_per_second", func(url string) string {
		return providerConfig(url, "max_requests_per_second = 0.5") + certsRead
	}, []string{"max_requests_per_second must be a whole number of at least 1, got 0.5"}, 0, nil, nil, nil},
	{2, "a client_read_timeout beyond int64", func(url string) string {
		return providerConfig(url, "client_read_timeout = 1e30") + certsRead
	}, []string{"client_read_timeout must be a whole number of at least 1, got 1000000000000000000000000000000"}, 0, nil, nil, nil},
	{2, "a fraction for client_connect_timeout", func(url string) string {
		return providerConfig(url, "client_connect_timeout = 2.5") + certsRead
	}, []string{"client_connect_timeout must be a whole number of at least 1, got 2.5"}, 0, nil, nil, nil},
	{2, "a fraction for a nested session_expiration", func(url string) string {
		return providerConfig(url, "assume_role {\n    role_arn = \"acs:ram::1:role/r\"\n    session_expiration = 1000.5\n  }") + certsRead
	}, []string{"Invalid assume_role.session_expiration", "assume_role.session_expiration must be a whole number from 900 to 43200, got 1000.5"}, 0, nil, nil, nil},
	{2, "a fraction for the OIDC session_expiration", func(url string) string {
		return providerConfig(url, "assume_role_with_oidc {\n    session_expiration = 901.5\n  }") + certsRead
	}, []string{"assume_role_with_oidc.session_expiration must be a whole number from 900 to 43200, got 901.5"}, 0, nil, nil, nil},

	{4, "credential sources overridden by keys in the environment", func(url string) string {
		return providerBlock(url, "", `profile = "prod"`, `credentials_uri = "not a url"`,
			"assume_role_with_oidc {\n    oidc_token_file = \"/nonexistent/token\"\n  }") + certsRead
	}, nil, -1, []string{"Credential source not used",
		`profile \\"prod\\" \(set by profile\) is set, but the AccessKey from ALICLOUD_ACCESS_KEY comes first and is used`,
		`credentials_uri \(set by credentials_uri\) is set, but the AccessKey from ALICLOUD_ACCESS_KEY comes first`,
		`the assume_role_with_oidc block is set, but the AccessKey from ALICLOUD_ACCESS_KEY comes first`},
		map[string]string{"ALICLOUD_ACCESS_KEY": emulator.DefaultAccessKeyID, "ALICLOUD_SECRET_KEY": emulator.DefaultAccessKeySecret}, nil},

	{11, "an empty region", func(url string) string { return providerConfig(url, `region = ""`) + certsRead },
		[]string{"Empty region", "region is empty. Give one such as cn-hangzhou, or leave the argument out"}, 0, nil, nil, nil},
	{11, "an unknown region", func(url string) string { return providerConfig(url, `region = "cn-hangzou"`) + certsRead },
		nil, -1, []string{"Unknown region", `region \(set by region\) is \\"cn-hangzou\\", which is not an Alibaba Cloud region`,
			"CAS calls go to http://127.0.0.1:[0-9]+"}, nil, nil},

	{3, "a mistyped job_id for certificates", func(url string) string { return providerConfig(url) + certsOf("424242") },
		[]string{"Deployment job not found", "job_id = 424242", "DescribeDeploymentJob answered with no job for job_id 424242"}, 2, nil, nil, nil},
	{3, "a mistyped job_id for resources", func(url string) string {
		return providerConfig(url) + "data \"alicas_deployment_job_resources\" \"test\" {\n  job_id = 424242\n}\n"
	}, []string{"Deployment job not found", "DescribeDeploymentJob answered with no job for job_id 424242"}, 2, nil, nil, nil},
	{3, "a mistyped job_id for workers", func(url string) string {
		return providerConfig(url) + "data \"alicas_deployment_job_workers\" \"test\" {\n  job_id = 424242\n}\n"
	}, []string{"Deployment job not found", "DescribeDeploymentJob answered with no job for job_id 424242"}, 2, nil, nil, nil},

	{7, "an empty CAS endpoint", func(string) string { return providerBlock("", "", keysArguments("a", "b")) + certsRead },
		[]string{"Empty endpoints.cas", `endpoints.cas is empty. Give a host such as cas.aliyuncs.com`, "Or leave the argument out"}, 0, nil, nil, nil},
	{7, "an empty STS endpoint", func(string) string {
		return "provider \"alicas\" {\n  endpoints {\n    sts = \"\"\n  }\n}\n" + certsRead
	},
		[]string{"Empty endpoints.sts", "endpoints.sts is empty. Give a host such as sts.aliyuncs.com"}, 0, nil, nil, nil},
	{8, "a CAS endpoint with a mistyped scheme", func(string) string {
		return providerBlock("http//127.0.0.1:8735", "", keysArguments("a", "b")) + certsRead
	}, []string{"Invalid endpoints.cas", `endpoints.cas: "http//127.0.0.1:8735" looks like a URL with a mistyped scheme`}, 0, nil, nil, nil},
	{8, "a CAS endpoint of another scheme", func(string) string { return providerConfig("ftp://127.0.0.1:1") + certsRead },
		[]string{"Invalid endpoints.cas", "scheme must be https or http"}, 0, nil, nil, nil},
	{8, "a CAS endpoint with a path", func(url string) string { return providerConfig(url+"/cas") + certsRead },
		[]string{"Invalid endpoints.cas", "must be only a scheme and host\\[:port\\], without path", "http://127.0.0.1:8735"}, 0, nil, nil, nil},
	{8, "a bare host of a plain-HTTP endpoint", func(url string) string {
		return providerConfig(strings.TrimPrefix(url, "http://"), "max_retries = 0") + certsRead
	}, []string{"server gave HTTP response to HTTPS client", "write http:// in endpoints.cas \\(or ALIBABA_CLOUD_ENDPOINT_CAS, CAS_ENDPOINT\\) if the endpoint is plain HTTP"},
		-1, nil, nil, nil},
	{8, "a plain-HTTP STS endpoint", func(url string) string { return providerBlock(url, url, keysArguments("a", "b")) + certsRead },
		[]string{"Invalid endpoints.sts", "STS is only called over HTTPS, not http"}, 0, nil, nil, nil},
	{8, "a mistyped scheme in the environment", func(string) string {
		return "provider \"alicas\" {\n  access_key = \"a\"\n  secret_key = \"b\"\n}\n" + certsRead
	},
		[]string{"Invalid endpoints.cas", `"https:/127.0.0.1:8735" looks like a URL with a mistyped scheme`, "set by ALIBABA_CLOUD_ENDPOINT_CAS"},
		0, nil, map[string]string{"ALIBABA_CLOUD_ENDPOINT_CAS": "https:/127.0.0.1:8735"}, nil},

	{5, "a wrong CAS port in endpoints.cas", func(string) string { return providerConfig(refusedPlaceholder) + certsRead },
		[]string{"Could not list the certificates of deployment job 8888", "nothing answered at http://127.0.0.1:[0-9]+", "connection refused",
			`Check the endpoint \(endpoints.cas set it to http://127.0.0.1:[0-9]+\)`, "Gave up after 3 attempts"}, 3, nil, nil, nil},
	{5, "a wrong CAS port in the environment", func(string) string {
		return "provider \"alicas\" {\n  access_key = \"a\"\n  secret_key = \"b\"\n}\n" + certsRead
	}, []string{"nothing answered at http://127.0.0.1:[0-9]+", `Check the endpoint \(ALIBABA_CLOUD_ENDPOINT_CAS set it to http://127.0.0.1:[0-9]+\)`,
		"Gave up after 3 attempts"}, 3, nil, map[string]string{"ALIBABA_CLOUD_ENDPOINT_CAS": refusedPlaceholder}, nil},
	{5, "an endpoint slower than client_read_timeout", func(string) string {
		return providerConfig(silentPlaceholder, "client_read_timeout = 200", "max_retries = 1") + certsRead
	}, []string{"ListDeploymentJobCert got no complete answer within 200ms", "raise client_read_timeout \\(milliseconds\\)",
		`Check the endpoint \(endpoints.cas set it to http://127.0.0.1:[0-9]+\)`, "Gave up after 2 attempts",
		"If the service answers this slowly, raise client_read_timeout"}, 2, nil, nil, nil},

	{6, "a wrong secret in a CLI profile", func(url string) string {
		return wrongSecretBy(url, `profile = "dev"`, fmt.Sprintf("shared_credentials_file = %q", cliConfigPlaceholder))
	}, []string{"Code SignatureDoesNotMatch", `the AccessKey secret \(the profile "dev"'s access_key_secret in /.+/config.json\) is not`,
		`the secret of the AccessKey ID \(the profile "dev"'s access_key_id in /.+/config.json\)`, `Credentials used: profile "dev" \(mode AK\)`},
		1, nil, nil, []string{"ALICLOUD_SECRET_KEY", "secret_key"}},
	{6, "a wrong secret in the environment", func(url string) string { return wrongSecretBy(url) },
		[]string{"Code SignatureDoesNotMatch", `the AccessKey secret \(ALIBABA_CLOUD_ACCESS_KEY_SECRET\) is not the secret of the AccessKey ID \(ALIBABA_CLOUD_ACCESS_KEY_ID\)`,
			"Credentials used: the AccessKey pair from ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"}, 1, nil,
		map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": emulator.DefaultAccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "not-the-secret"}, nil},
	{6, "a wrong secret in the arguments", func(url string) string {
		return wrongSecretBy(url, keysArguments(emulator.DefaultAccessKeyID, "not-the-secret"))
	}, []string{"Could not list the certificates of deployment job 8888", "ListDeploymentJobCert answered HTTP 400 with Code SignatureDoesNotMatch:",
		"RequestId: " + requestIDPattern, `the AccessKey secret \(secret_key\) is not the secret of the AccessKey ID \(access_key\)`,
		"Credentials used: the AccessKey pair from access_key and secret_key"}, 1, nil, nil, nil},

	{9, "a read timeout without a unit", func(url string) string { return providerConfig(url) + certsWithReadTimeout("10") },
		[]string{"Invalid read timeout", `timeouts.read is "10": give a positive duration`, `"30s", "5m" or "1h30m"`}, 0, nil, nil, nil},
	{9, "a read timeout in days", func(url string) string { return providerConfig(url) + certsWithReadTimeout("1d") },
		[]string{"Invalid read timeout", `timeouts.read is "1d"`, `for a day write "24h"`}, 0, nil, nil, nil},
	{9, "a read timeout in minutes spelled out", func(url string) string { return providerConfig(url) + certsWithReadTimeout("5min") },
		[]string{"Invalid read timeout", `timeouts.read is "5min"`}, 0, nil, nil, nil},
	{9, "a negative read timeout", func(url string) string { return providerConfig(url) + certsWithReadTimeout("-5m") },
		[]string{"Invalid read timeout", `timeouts.read is "-5m": give a positive duration`}, 0, nil, nil, nil},

	{9, "a create timeout in minutes spelled out", func(url string) string {
		return jobConfig(url, "[11174106]", "[22005]", "timeouts {\n    create = \"5min\"\n  }")
	}, []string{"Invalid create timeout", `timeouts.create is "5min": give a positive duration`, `"30s", "5m" or "1h30m"`, "default 30m"}, 0, nil, nil, nil},
	{9, "a negative create timeout", func(url string) string {
		return jobConfig(url, "[11174106]", "[22005]", "timeouts {\n    create = \"-5m\"\n  }")
	}, []string{"Invalid create timeout", `timeouts.create is "-5m": give a positive duration`}, 0, nil, nil, nil},
	{9, "an update timeout in days", func(url string) string {
		return jobConfig(url, "[11174106]", "[22005]", "timeouts {\n    update = \"1d\"\n  }")
	}, []string{"Invalid update timeout", `timeouts.update is "1d"`, `for a day write "24h"`}, 0, nil, nil, nil},
	{9, "a delete timeout without a unit", func(url string) string {
		return jobConfig(url, "[11174106]", "[22005]", "timeouts {\n    delete = \"10\"\n  }")
	}, []string{"Invalid delete timeout", `timeouts.delete is "10": give a positive duration`, "default 10m"}, 0, nil, nil, nil},

	{10, "a credentials URI that fails", func(url string) string {
		return providerBlock(url, "", fmt.Sprintf("credentials_uri = %q", url+"/no-credentials-here")) + certsRead
	}, []string{"Could not get credentials from the credentials URI http://127.0.0.1:[0-9]+/no-credentials-here \\(set by credentials_uri\\)"}, 1, nil, nil, nil}, // the URI, once
}

// Every mistake of the table gets its one clear message, through the CLI.
func TestAccUserMistakes(t *testing.T) {
	for _, m := range mistakes {
		t.Run(fmt.Sprintf("%d %s", m.item, m.name), func(t *testing.T) {
			clearCredentialEnv(t)
			clock := clocktest.New() // the waits between retries take no time
			srv := startEmulator(t, emulator.Options{Now: clock.Now}, mappingFixture)
			silent, silentCalls := startSilentEndpoint(t)
			cliConfig := writeFile(t, "config.json", fmt.Sprintf(`{"current": "dev", "profiles": [{"name": "dev", "mode": "AK", `+
				`"access_key_id": %q, "access_key_secret": "not-the-secret"}]}`, emulator.DefaultAccessKeyID))
			placeholders := strings.NewReplacer("{url}", srv.URL, "{host}", srv.Host, refusedPlaceholder, refusedURL(t), silentPlaceholder, silent,
				cliConfigPlaceholder, cliConfig)
			uses := func(placeholder string) bool {
				return strings.Contains(m.config(srv.URL)+fmt.Sprint(m.env), placeholder)
			}
			for name, value := range m.env {
				t.Setenv(name, placeholders.Replace(value))
			}
			step := resource.TestStep{Config: placeholders.Replace(m.config(srv.URL))}
			if m.errs != nil {
				step.ExpectError = errorPattern(m.errs...)
			}
			logPath := filepath.Join(t.TempDir(), "terraform.log")
			t.Setenv("TF_LOG", "WARN")
			if m.absent != nil {
				t.Setenv("TF_LOG", "TRACE") // the log holds every diagnostic too
			}
			t.Setenv("TF_ACC_LOG_PATH", logPath)
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providersOnClock(clock), Steps: []resource.TestStep{step}})
			log, err := os.ReadFile(logPath) //nolint:gosec // the test's own log
			if err != nil || len(log) == 0 {
				t.Fatalf("no log: %v", err)
			}
			calls := srv.Stats().Requests
			switch {
			case uses(refusedPlaceholder):
				calls = 1 + int64(strings.Count(string(log), "CAS API call failed; retrying"))
			case uses(silentPlaceholder):
				calls = silentCalls.Load()
			}
			if m.calls >= 0 && calls != m.calls {
				t.Errorf("%d API calls, want %d", calls, m.calls)
			}
			if m.warns != nil && !errorPattern(m.warns...).Match(log) {
				t.Errorf("the log holds no warning %q:\n%s", m.warns, log)
			}
			for _, secret := range m.absent {
				if i := strings.Index(string(log), secret); i >= 0 {
					t.Errorf("the log holds %q: ...%s...", secret, log[max(0, i-300):min(len(log), i+100)])
				}
			}
		})
	}
}

// refusedURL is a loopback URL where nothing listens: a port just closed.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	_ = ln.Close()
	return url
}

// startSilentEndpoint serves an endpoint that takes every request and
// answers none until the client gives up, and counts the requests.
func startSilentEndpoint(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &calls
}
