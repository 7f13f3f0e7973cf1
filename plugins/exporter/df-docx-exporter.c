/* df-docx-exporter.c: being written */
