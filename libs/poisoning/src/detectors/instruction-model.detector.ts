import { createHash } from 'node:crypto';
import { Detector, Finding } from '../detector';
import { bestWindow, LinearModel } from '../model/features';
import { decodeModel, ModelFile } from '../model/model-file';
import committed from '../model/instruction-model.json';

/** A detector from a model file: flags the most instruction-like window when it scores over the file's thresholds. */
export function modelDetector(file: ModelFile): Detector {
  // Decoded on first use: a build whose feature space differs from the file can still retrain it.
  let model: LinearModel | null = null;
  return {
    name: 'instruction-model',
    // The weights and thresholds name the version: a retrained model is a new detector version.
    version: `1.0.0+${createHash('sha256').update(file.indices).update(file.values).update(String(file.threshold)).update(String(file.thresholdHigh)).digest('hex').slice(0, 12)}`,
    scan(text: string): Finding[] {
      if (!text.trim()) return [];
      model ??= decodeModel(file);
      const w = bestWindow(model, file.window, text);
      if (w.probability < file.threshold) return [];
      const severity = w.probability >= file.thresholdHigh ? 'high' : 'medium';
      return [{ code: 'instruction.classifier', severity, start: w.start, end: w.end, message: `reads like an instruction to an AI (learned model, probability ${w.probability.toFixed(3)})` }];
    },
  };
}

/**
 * Instruction-like text scored by a linear model over hashed words, word pairs and the instruction
 * rules' hits, trained by `ctxvault train poison` on labeled injections and hard negatives; the
 * weights and thresholds are committed in model/instruction-model.json.
 */
export const instructionModelDetector: Detector = modelDetector(committed as ModelFile);
