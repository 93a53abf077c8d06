package provider

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// environment is every environment variable the provider reads, by the
// argument it stands in for; the first one set wins when the argument is
// not. The names are those the official alicloud provider reads. The
// arguments' documentation (fallsBack), the diagnostics (envList) and the
// test of the Authentication docs all read this table.
var environment = map[string][]string{
	"region":                  {"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION"},
	"access_key":              {"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID"},
	"secret_key":              {"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_ACCESS_KEY_SECRET"},
	"security_token":          {"ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABACLOUD_SECURITY_TOKEN"},
	"profile":                 {"ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"},
	"shared_credentials_file": {"ALICLOUD_SHARED_CREDENTIALS_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE"},
	"credentials_uri":         {"ALICLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_CREDENTIALS_URI"},
	"ecs_role_name":           {"ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA"},
	"account_type":            {"ALIBABA_CLOUD_ACCOUNT_TYPE"},
	"client_read_timeout":     {"CLIENT_READ_TIMEOUT"},
	"client_connect_timeout":  {"CLIENT_CONNECT_TIMEOUT"},
	"endpoints.cas":           {"ALIBABA_CLOUD_ENDPOINT_CAS", "CAS_ENDPOINT"},
	"endpoints.sts":           {"ALIBABA_CLOUD_ENDPOINT_STS"},

	"assume_role.role_arn":           {"ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN"},
	"assume_role.session_name":       {"ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME"},
	"assume_role.session_expiration": {"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"},

	"assume_role_with_oidc.oidc_provider_arn": {"ALIBABA_CLOUD_OIDC_PROVIDER_ARN"},
	"assume_role_with_oidc.oidc_token_file":   {"ALIBABA_CLOUD_OIDC_TOKEN_FILE"},
	"assume_role_with_oidc.oidc_token":        {"ALIBABA_CLOUD_OIDC_TOKEN"},
	"assume_role_with_oidc.role_arn":          {"ALIBABA_CLOUD_ROLE_ARN"},
	"assume_role_with_oidc.role_session_name": {"ALIBABA_CLOUD_ROLE_SESSION_NAME"},
}

// envAppendUserAgent is appended to the User-Agent, after configuration_source.
const envAppendUserAgent = "TF_APPEND_USER_AGENT"

// Defaults of the arguments not set. The HTTP client's timeouts default to
// cas.DefaultConnectTimeout and cas.DefaultReadTimeout; max_retries to
// cas.DefaultMaxRetries.
const (
	defaultRegion      = "cn-hangzhou"
	defaultCLIConfig   = "~/.aliyun/config.json" // where `aliyun configure` writes its profiles
	defaultSessionName = "terraform"

	// Bounds STS puts on a role session, in seconds.
	minSessionExpiration     = 900
	maxSessionExpiration     = 43200
	defaultSessionExpiration = 3600

	// maxMaxRetries keeps a typo (1000) from turning an outage into an hour-long plan.
	maxMaxRetries = 100

	// A data source read, when its timeouts block does not say: rate-limit
	// queueing, every attempt and every wait between them.
	defaultReadTimeoutMinutes = 5
	defaultReadTimeout        = defaultReadTimeoutMinutes * time.Minute
)

// defaultReadTimeoutText is defaultReadTimeout as users write it.
var defaultReadTimeoutText = strconv.Itoa(defaultReadTimeoutMinutes) + "m"

// knownRegions are the Alibaba Cloud region IDs the provider knows of. A
// region not among them is used all the same, with a warning: regions are
// added over time.
var knownRegions = []string{
	"cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu", "cn-hangzhou", "cn-shanghai", "cn-nanjing",
	"cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou", "cn-chengdu", "cn-wuhan-lr", "cn-hongkong",
	"cn-beijing-finance-1", "cn-hangzhou-finance", "cn-shanghai-finance-1", "cn-shenzhen-finance-1", "cn-north-2-gov-1",
	"ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"ap-south-1", "us-east-1", "us-west-1", "na-south-1", "eu-west-1", "eu-central-1", "me-east-1", "me-central-1",
}

// setting is an argument's value and where it came from: the argument's
// name, or the environment variable that supplied it.
type setting struct {
	value string
	from  string
}

func (s setting) set() bool { return s.value != "" }

// lookup returns the argument's value if set, else the first of its
// environment variables that is.
func lookup(value, argument string) setting {
	if value = strings.TrimSpace(value); value != "" {
		return setting{value, argument}
	}
	for _, name := range environment[argument] {
		if v := strings.TrimSpace(os.Getenv(name)); v != "" {
			return setting{v, name}
		}
	}
	return setting{}
}

// fallsBack documents an argument's environment variables.
func fallsBack(argument string) string {
	env := environment[argument]
	quoted := make([]string, len(env))
	for i, e := range env {
		quoted[i] = "`" + e + "`"
	}
	switch len(quoted) {
	case 0:
		return ""
	case 1:
		return " Falls back to " + quoted[0] + "."
	}
	return " Falls back to " + strings.Join(quoted[:len(quoted)-1], ", ") + ", then " + quoted[len(quoted)-1] + "."
}

// envList names the environment variables of arguments, for diagnostics.
func envList(arguments ...string) string {
	var all []string
	for _, a := range arguments {
		all = append(all, environment[a]...)
	}
	return strings.Join(all, ", ")
}
