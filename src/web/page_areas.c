/* page_areas.c: not yet written */
