/* exporter-xhtml.c: being written */
