import type { Request, Response } from 'express';

/** The media types of an NCTS message body, in and out. */
export const XML_MEDIA_TYPES = ['application/xml', 'text/xml'];

export const isXml = (req: Request): boolean => XML_MEDIA_TYPES.includes(req.is(XML_MEDIA_TYPES) || '');

/** Whether the caller asked for XML (`Accept: application/xml`) rather than JSON. */
export const wantsXml = (req: Request): boolean =>
  req.accepts(['application/json', ...XML_MEDIA_TYPES]) !== 'application/json';

/** An NCTS answer: the status and the message (IE928, IE056, ...) as the body. */
export interface XmlReply {
  status: number;
  xml: string;
  headers?: Record<string, string>;
}

export function sendXml(res: Response, reply: XmlReply): string {
  res.status(reply.status).type('application/xml');
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  return reply.xml;
}
