// Worker entry: worker threads ignore tsx's --import hook, so register tsx here and load the TS file.
require('tsx/cjs/api').register();
require('./naive-cell.ts');
