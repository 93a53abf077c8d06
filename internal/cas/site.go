package cas

import (
	"fmt"
	"strings"
)

// Account types: the Alibaba Cloud site an account was opened on. They serve
// CAS (and STS) from different endpoints.
const (
	AccountDomestic      = "Domestic"      // China site, aliyun.com
	AccountInternational = "International" // international site, alibabacloud.com
)

// SiteEndpoints returns the CAS and STS hosts for an account type
// (case-insensitive; empty means Domestic) and a region, with no network
// call. International accounts are served from Singapore, except in
// mainland China regions, which every account reaches through the China
// site's endpoints.
func SiteEndpoints(accountType, region string) (casHost, stsHost string, err error) {
	switch {
	case accountType == "" || strings.EqualFold(accountType, AccountDomestic):
		return "cas.aliyuncs.com", "sts.aliyuncs.com", nil
	case strings.EqualFold(accountType, AccountInternational):
		if inMainlandChina(region) {
			return "cas.aliyuncs.com", "sts.aliyuncs.com", nil
		}
		return "cas.ap-southeast-1.aliyuncs.com", "sts.ap-southeast-1.aliyuncs.com", nil
	default:
		return "", "", fmt.Errorf("account type %q is neither %s nor %s", accountType, AccountDomestic, AccountInternational)
	}
}

// inMainlandChina: region IDs there start with "cn-"; Hong Kong's does too
// but it is not served from the mainland.
func inMainlandChina(region string) bool {
	return strings.HasPrefix(region, "cn-") && region != "cn-hongkong"
}
