package provider

import "os"

// QuietUnreadLogs turns off the log output of the plugin SDK, the framework
// and this provider when Terraform will not show it: neither TF_LOG nor
// TF_LOG_PROVIDER is set. Otherwise they write every call's TRACE lines as
// JSON to stderr all the same, for Terraform to parse and drop; in a plan
// of 1000 reads that was a tenth to a fifth of the provider's CPU time
// (bench/README.md). A level the user set for any of them is kept.
func QuietUnreadLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"} {
		if os.Getenv(name) == "" {
			_ = os.Setenv(name, "OFF")
		}
	}
}
