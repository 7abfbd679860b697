import { benchConvertProcess } from '../bench/convert-process.ts';
benchConvertProcess('/work/shared/corpus');
