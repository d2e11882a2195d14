import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/auth.guard';
import { buildOpenApiDocument, renderDocsHtml } from './document';

/** The API reference: the OpenAPI 3.1 document built from the route table, and a page rendering it. */
@Controller('docs')
export class OpenApiController {
  private readonly doc = buildOpenApiDocument();
  private readonly html = renderDocsHtml(this.doc);

  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
  page() {
    return this.html;
  }

  @Get('openapi.json')
  @Public()
  document() {
    return this.doc;
  }
}
