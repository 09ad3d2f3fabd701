package api

// mediaOperations are the photo library routes of docs/API.md §14.
func mediaOperations() []operation {
	const tTenant = "Tenant admin"
	return []operation{
		op("GET", "/v1/admin/media", tTenant, "The tenant's photo library, newest first", accessTenantAdmin, 200, arrayOf(ref("Media"))),
		op("POST", "/v1/admin/media", tTenant, "Upload one photo (multipart part \"file\"; JPEG, PNG or WebP by content, at most 10 MB). "+
			"It is turned upright, stripped of EXIF and GPS, and resized into variants of 480, 960 and 1600 pixels wide (never "+
			"upscaled) plus the largest, at most 2400 pixels a side; past the tenant's quota (MAIS_MEDIA_QUOTA_MB) → 413; "+
			"photo storage down → 503", accessTenantAdmin, 201, ref("Media")).
			withMultipart(object([]string{"file"}, field("file", schema{"type": "string", "contentMediaType": "application/octet-stream"}))).
			withErrors(503),
		op("DELETE", "/v1/admin/media/{id}", tTenant, "Delete a photo and its files; still shown by a package, an extra, the published site or its draft → 409 naming where; photo storage down → 503",
			accessTenantAdmin, 204, nil).withErrors(404, 409, 503),
	}
}

// withMediaSchemas adds the library's shapes to the components.
func withMediaSchemas(c schema) schema {
	variant := object([]string{"width", "url"}, field("width", schema{"type": "integer", "description": "pixels"}),
		field("url", strFmt("uri")))
	c["Media"] = object([]string{"id", "url", "width", "height", "variants", "name", "bytes", "createdAt"},
		field("id", str()), field("url", strDesc("the largest rendition, /media/{tenantId}/{id}/{W}x{H}.jpg (or .png)")),
		field("width", schema{"type": "integer", "description": "pixels"}), field("height", schema{"type": "integer", "description": "pixels"}),
		field("variants", schema{"type": "array", "items": variant, "description": "every rendition, narrowest first; the last is url"}),
		field("name", strDesc("the uploaded file's name")), field("bytes", schema{"type": "integer", "description": "all renditions together, what the quota counts"}),
		field("createdAt", instant()))
	return c
}
