/* df-docx-exporter-parts.c: the parts of the package around the body
 *
 * Fixed: the styles (Title, Subtitle, Heading1..Heading6, Normal, Quote,
 * Code, ListParagraph, FootnoteText, FootnoteReference, Hyperlink, the
 * contents' styles), the settings, the footer with the page number, the
 * package relationships and the application's properties.  Built: the
 * document with its page set-up (A4, 2 cm margins), its relationships,
 * the numbering of the lists, the footnotes, the content types and the
 * core properties.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-docx"

#include "config.h"

#include <string.h>

#include "df-docx-exporter-private.h"

/* ---- the fixed parts ------------------------------------------------- */

const char docx_styles_xml[] =
  XML_DECL
  "<w:styles xmlns:w=\"" NS_W "\">"
  "<w:docDefaults><w:rPrDefault><w:rPr>"
  "<w:rFonts w:ascii=\"Liberation Serif\" w:hAnsi=\"Liberation Serif\" w:eastAsia=\"Liberation Serif\" w:cs=\"Liberation Serif\"/>"
  "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
  "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
  "</w:docDefaults>"
  "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/><w:spacing w:before=\"2400\" w:after=\"480\"/></w:pPr>"
  "<w:rPr><w:b/><w:sz w:val=\"56\"/><w:szCs w:val=\"56\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
  "<w:rPr><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
#define HEADING(n, lvl, size, before) \
  "<w:style w:type=\"paragraph\" w:styleId=\"Heading" #n "\"><w:name w:val=\"heading " #n "\"/>" \
  "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>" \
  "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"" #before "\" w:after=\"120\"/>" \
  "<w:outlineLvl w:val=\"" #lvl "\"/></w:pPr>" \
  "<w:rPr><w:b/><w:sz w:val=\"" #size "\"/><w:szCs w:val=\"" #size "\"/></w:rPr></w:style>"
  HEADING (1, 0, 40, 480) HEADING (2, 1, 32, 360) HEADING (3, 2, 28, 240)
  HEADING (4, 3, 26, 240) HEADING (5, 4, 24, 240) HEADING (6, 5, 24, 240)
#undef HEADING
  "<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:qFormat/><w:pPr><w:ind w:left=\"720\" w:right=\"720\"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Code\"><w:name w:val=\"Code\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:qFormat/><w:pPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F0F0F0\"/>"
  "<w:spacing w:before=\"120\" w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
  "<w:rPr><w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation Mono\"/>"
  "<w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>"
  "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:ind w:left=\"720\"/><w:contextualSpacing/></w:pPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Compact\"><w:name w:val=\"Compact\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:pPr><w:spacing w:before=\"36\" w:after=\"36\"/></w:pPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/>"
  "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
  "<w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:pPr><w:jc w:val=\"center\"/></w:pPr></w:style>"
  "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
  "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
  "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/>"
  "<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>"
  "<w:style w:type=\"character\" w:styleId=\"CodeChar\"><w:name w:val=\"Verbatim Char\"/>"
  "<w:rPr><w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation Mono\"/>"
  "<w:sz w:val=\"21\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"240\" w:after=\"240\"/></w:pPr>"
  "<w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"100\"/></w:pPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"TOC2\"><w:name w:val=\"toc 2\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"100\"/><w:ind w:left=\"440\"/></w:pPr></w:style>"
  "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/>"
  "<w:rPr><w:color w:val=\"1F4E79\"/><w:u w:val=\"single\"/></w:rPr></w:style>"
  "</w:styles>";

const char docx_settings_xml[] =
  XML_DECL
  "<w:settings xmlns:w=\"" NS_W "\">"
  "<w:updateFields w:val=\"true\"/>"
  "<w:defaultTabStop w:val=\"720\"/>"
  "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>"
  "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
  "</w:settings>";

const char docx_footer_xml[] =
  XML_DECL
  "<w:ftr xmlns:w=\"" NS_W "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
  "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>";

const char docx_root_rels_xml[] =
  XML_DECL
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" Target=\"word/document.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\""
  " Target=\"docProps/core.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"" REL "extended-properties\" Target=\"docProps/app.xml\"/>"
  "</Relationships>";

const char docx_app_xml[] =
  XML_DECL
  "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
  "<Application>DraftForge</Application></Properties>";

/* ---- the parts built with the body ----------------------------------- */

void
docx_document_start (GString *out)
{
  g_string_append (out, XML_DECL);
  g_string_append (out,
                   "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\" xmlns:wp=\"" NS_WP "\""
                   " xmlns:a=\"" NS_A "\" xmlns:pic=\"" NS_PIC "\"><w:body>");
}

void
docx_document_end (Docx    *docx,
                   GString *out)
{
  g_string_append_printf (out,
                          "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId%d\"/>"
                          "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                          "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\""
                          " w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>%s</w:sectPr>"
                          "</w:body></w:document>", docx->footer_rel, docx->rtl ? "<w:bidi/>" : "");
}

static void
numbering_abstract (GString *out)
{
  static const char *bullets[] = { "•", "◦", "▪" };

  g_string_append (out, XML_DECL "<w:numbering xmlns:w=\"" NS_W "\">");
  g_string_append (out, "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"hybridMultilevel\"/>");
  for (int level = 0; level < 9; level++)
    g_string_append_printf (out,
                            "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
                            "<w:lvlText w:val=\"%s\"/><w:lvlJc w:val=\"left\"/>"
                            "<w:pPr><w:ind w:left=\"%d\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                            level, bullets[level % 3], 720 * (level + 1));
  g_string_append (out, "</w:abstractNum>");
  g_string_append (out, "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>");
  for (int level = 0; level < 9; level++)
    g_string_append_printf (out,
                            "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"1\"/><w:numFmt w:val=\"%s\"/>"
                            "<w:lvlText w:val=\"%%%d.\"/><w:lvlJc w:val=\"left\"/>"
                            "<w:pPr><w:ind w:left=\"%d\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                            level, level % 3 == 0 ? "decimal" : level % 3 == 1 ? "lowerLetter" : "lowerRoman",
                            level + 1, 720 * (level + 1));
  g_string_append (out, "</w:abstractNum>");
}

void
docx_close_parts (Docx *docx)
{
  g_autoptr(GString) abstract = g_string_new (NULL);

  g_string_prepend (docx->rels, XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
  g_string_append (docx->rels, "</Relationships>");

  numbering_abstract (abstract);
  g_string_prepend (docx->numbering, abstract->str);
  g_string_append (docx->numbering, "</w:numbering>");

  g_string_prepend (docx->footnotes,
                    XML_DECL "<w:footnotes xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\" xmlns:wp=\"" NS_WP "\""
                    " xmlns:a=\"" NS_A "\" xmlns:pic=\"" NS_PIC "\">"
                    "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
                    "<w:r><w:separator/></w:r></w:p></w:footnote>"
                    "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
                    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>");
  g_string_append (docx->footnotes, "</w:footnotes>");
}

/* The region Word pairs with a language for its complex scripts. */
static const char *
bidi_language (const char *language)
{
  static const char *const tags[][2] = {
    { "ur", "ur-PK" }, { "ar", "ar-SA" }, { "fa", "fa-IR" }, { "he", "he-IL" },
    { "ps", "ps-AF" }, { "sd", "sd-Arab-PK" }, { "ug", "ug-CN" }, { "yi", "yi-001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (g_ascii_strcasecmp (language, tags[i][0]) == 0)
      return tags[i][1];
  return language;
}

char *
docx_styles (Docx *docx)
{
  g_autofree char *lang = NULL;
  GString *out;

  if (!docx->rtl)
    return g_strdup (docx_styles_xml);

  out = g_string_new (docx_styles_xml);
  lang = g_strdup_printf ("<w:lang w:val=\"en-GB\" w:bidi=\"%s\"/>", bidi_language (docx->book->project->language));
  g_string_replace (out, "<w:lang w:val=\"en-GB\"/>", lang, 1);
  g_string_replace (out, "<w:pPrDefault><w:pPr>", "<w:pPrDefault><w:pPr><w:bidi/>", 1);
  return g_string_free (out, FALSE);
}

/* Where <w:bidi/> goes in the paragraph properties from @ppr to @end:
 * before the first of the elements the schema puts after it. */
static const char *
bidi_position (const char *ppr,
               const char *end)
{
  static const char *const after[] = {
    "<w:adjustRightInd", "<w:snapToGrid", "<w:spacing", "<w:ind", "<w:contextualSpacing",
    "<w:mirrorIndents", "<w:suppressOverlap", "<w:jc", "<w:textDirection", "<w:textAlignment",
    "<w:outlineLvl", "<w:rPr", "<w:sectPr",
  };
  const char *at = end;

  for (guint i = 0; i < G_N_ELEMENTS (after); i++)
    {
      const char *found = g_strstr_len (ppr, end - ppr, after[i]);

      if (found != NULL && found < at)
        at = found;
    }
  return at;
}

void
docx_mark_rtl (GString *xml)
{
  static const char open[] = "<w:p>";
  static const char props[] = "<w:pPr>";
  gsize from = 0;
  const char *p;

  while ((p = strstr (xml->str + from, open)) != NULL)
    {
      gsize at = p - xml->str + strlen (open);

      if (g_str_has_prefix (xml->str + at, props))
        {
          const char *ppr = xml->str + at + strlen (props);
          const char *end = strstr (ppr, "</w:pPr>");

          g_assert (end != NULL);
          at = bidi_position (ppr, end) - xml->str;
          g_string_insert (xml, at, "<w:bidi/>");
        }
      else
        g_string_insert (xml, at, "<w:pPr><w:bidi/></w:pPr>");
      from = at;
    }
}

char *
docx_content_types (Docx *docx)
{
  GString *out = g_string_new (XML_DECL);

  g_string_append (out,
                   "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                   "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                   "<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
  if (docx->has_png)
    g_string_append (out, "<Default Extension=\"png\" ContentType=\"image/png\"/>");
  if (docx->has_jpeg)
    g_string_append (out, "<Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>");
  g_string_append (out,
#define WML "application/vnd.openxmlformats-officedocument.wordprocessingml."
                   "<Override PartName=\"/word/document.xml\" ContentType=\"" WML "document.main+xml\"/>"
                   "<Override PartName=\"/word/styles.xml\" ContentType=\"" WML "styles+xml\"/>"
                   "<Override PartName=\"/word/settings.xml\" ContentType=\"" WML "settings+xml\"/>"
                   "<Override PartName=\"/word/numbering.xml\" ContentType=\"" WML "numbering+xml\"/>"
                   "<Override PartName=\"/word/footnotes.xml\" ContentType=\"" WML "footnotes+xml\"/>"
                   "<Override PartName=\"/word/footer1.xml\" ContentType=\"" WML "footer+xml\"/>"
#undef WML
                   "<Override PartName=\"/docProps/core.xml\""
                   " ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
                   "<Override PartName=\"/docProps/app.xml\""
                   " ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
                   "</Types>");
  return g_string_free (out, FALSE);
}

char *
docx_core_properties (const char *title,
                      const char *author,
                      const char *language)
{
  GString *out = g_string_new (XML_DECL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  g_string_append (out,
                   "<cp:coreProperties"
                   " xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
                   " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
                   " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
  exporter_xml_escape_append (out, title, -1);
  g_string_append (out, "</dc:title>");
  if (author != NULL && *author != '\0')
    exporter_xml_append_element (out, "<dc:creator>", author, "</dc:creator>");
  if (language != NULL && *language != '\0')
    exporter_xml_append_element (out, "<dc:language>", language, "</dc:language>");
  g_string_append_printf (out,
                          "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
                          "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified>"
                          "</cp:coreProperties>", stamp, stamp);
  return g_string_free (out, FALSE);
}
