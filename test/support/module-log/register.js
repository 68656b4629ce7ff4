// `node --import ./test/support/module-log/register.js <entry>`: records the URL of every module
// the program imports (ES module resolution, static and dynamic) in the file MODULE_LOG_FILE, one
// per line, so a test can say which packages a production process really loaded.
import { register } from 'node:module';

register('./hooks.js', import.meta.url);
