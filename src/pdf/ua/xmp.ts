/**
 * The XMP metadata packet (ISO 16684-1) PDF/UA-1 asks for (7.1-8, 7.1-9, 5-1): the same title,
 * author, subject, keywords and dates as the document information, and pdfuaid:part 1. Built
 * from report.yaml only, so the same content gives the same bytes (no clock, no random ids).
 */
import { escapeHtml } from '../../core/escape-html.ts';
import type { PdfMetadata } from '../finish-pdf.ts';

/** What goes into the packet: the document information, and who made the file. */
export type XmpFields = Omit<PdfMetadata, 'browser'> & { producer: string; creatorTool: string };

// The same five characters need escaping in XML as in HTML.
const escape = escapeHtml;

/** The packet as text (UTF-8 when written). */
export function xmpMetadata(fields: XmpFields): string {
  const date = `${fields.date}T00:00:00Z`;
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escape(text)}</rdf:li></rdf:Alt>`;
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    '   <dc:format>application/pdf</dc:format>',
    `   <dc:title>${alt(fields.title)}</dc:title>`,
    `   <dc:creator><rdf:Seq><rdf:li>${escape(fields.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `   <dc:description>${alt(fields.subject)}</dc:description>`,
    `   <dc:subject><rdf:Bag>${fields.keywords.map((k) => `<rdf:li>${escape(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`,
    `   <dc:language><rdf:Bag><rdf:li>${escape(fields.language)}</rdf:li></rdf:Bag></dc:language>`,
    `   <pdf:Keywords>${escape(fields.keywords.join(' '))}</pdf:Keywords>`,
    `   <pdf:Producer>${escape(fields.producer)}</pdf:Producer>`,
    `   <xmp:CreatorTool>${escape(fields.creatorTool)}</xmp:CreatorTool>`,
    `   <xmp:CreateDate>${date}</xmp:CreateDate>`,
    `   <xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `   <xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '   <pdfuaid:part>1</pdfuaid:part>',
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}
