package cas

import "strconv"

// The regions CAS keeps certificates in: one per site.
const (
	certRegionChina         = "cn-hangzhou"
	certRegionInternational = "ap-southeast-1"
)

// CertRegion is the region that holds the certificates of the CAS site an
// account type and region are served by (see SiteEndpoints): cn-hangzhou
// for the China site, ap-southeast-1 for the international one.
func CertRegion(accountType, region string) string {
	if host, _, err := SiteEndpoints(accountType, region); err == nil && host == "cas.ap-southeast-1.aliyuncs.com" {
		return certRegionInternational
	}
	return certRegionChina
}

// CertIdentifier is how ALB, CDN and WAF name a CAS certificate: its ID and
// the region of the client's site, e.g. 123-cn-hangzhou.
func (c *Client) CertIdentifier(certID int64) string {
	region := c.certRegion
	if region == "" {
		region = certRegionChina
	}
	return strconv.FormatInt(certID, 10) + "-" + region
}
