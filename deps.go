package main

// Placeholder keeping dependencies in go.mod until code imports them; deleted before landing.
import (
 _ "github.com/hashicorp/terraform-plugin-framework/provider"
 _ "github.com/hashicorp/terraform-plugin-framework/providerserver"
 _ "github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
 _ "github.com/hashicorp/terraform-plugin-go/tfprotov6"
 _ "github.com/hashicorp/terraform-plugin-log/tflog"
 _ "github.com/hashicorp/terraform-plugin-testing/helper/resource"
 _ "github.com/hashicorp/terraform-plugin-testing/statecheck"
 _ "github.com/hashicorp/terraform-plugin-testing/knownvalue"
 _ "github.com/alibabacloud-go/darabonba-openapi/v2/client"
 _ "github.com/aliyun/credentials-go/credentials"
 _ "github.com/alibabacloud-go/tea-utils/v2/service"
 _ "github.com/alibabacloud-go/tea/dara"
)

