/* The site's only script. Each feature adds one small section below, wrapped in
   its own function, with no inline scripts in pages (the Content-Security-Policy
   allows scripts from this site only). Keep it small: it counts against the
   5,000-byte (gzip) budget for what the site adds to a first view. */
