import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) to convergence.
 *
 * Objective (bad = 1):  J(b, w) = mean_i [ log(1 + e^{z_i}) − y_i z_i ] + (λ/2)·‖w‖²,  z_i = b + x_i·w,
 * with the intercept b unpenalised. Each step solves (H + λI') d = −g, H = X̃ᵀ diag(μ(1−μ)) X̃ / n with X̃ = [1 X],
 * by Cholesky (ml-matrix; an SVD pseudo-inverse when λ = 0 and the design is rank deficient), followed by a backtracking
 * (Armijo) line search so every accepted step lowers J. Stops when ‖∇J‖₂ ≤ tolerance (default 1e-10).
 * The n×p passes run on a row-major Float64Array; only the (p+1)×(p+1) system goes to the matrix library.
 */
export interface LogisticOptions {
  /** L2 penalty λ on the mean log-loss (not on the intercept); default 1e-4. */
  lambda?: number;
  /** Convergence when the Euclidean norm of the gradient of J is at most this; default 1e-10. */
  tolerance?: number;
  maxIterations?: number;
  /**
   * Below this gradient norm the previous Hessian is reused (a chord step: the gradient pass is ~p/2 times cheaper
   * than the Hessian pass, and near the optimum the Hessian barely changes); default 1e-5. 0 = always recompute.
   */
  reuseHessianBelow?: number;
  /**
   * While the gradient norm is above this (far from the optimum, where an exact Hessian buys nothing) and n is at
   * least 4× `hessianSampleRows`, the Hessian is estimated from every k-th row, about `hessianSampleRows` rows
   * (subsampled Newton; the gradient stays exact, so the solution is the same); default 1e-4.
   */
  sampledHessianAbove?: number;
  /** Rows in a subsampled Hessian (default 100,000). */
  hessianSampleRows?: number;
}

export interface LogisticFit {
  intercept: number;
  coefficients: Float64Array;
  lambda: number;
  /** Mean log-loss at the solution, without the penalty. */
  logLoss: number;
  /** J at the solution (log-loss + penalty). */
  objective: number;
  gradientNorm: number;
  iterations: number;
  hessianEvaluations: number;
  /** Of which estimated from a row subsample. */
  sampledHessians: number;
  converged: boolean;
}

/** A design: n rows × p columns, row-major, plus the outcome (1 = bad). */
export interface Design {
  n: number;
  p: number;
  x: Float64Array;
  y: Uint8Array;
  names: string[];
}

export function fitLogistic(design: Design, opts: LogisticOptions = {}): LogisticFit {
  const { n, p, x, y } = design;
  const lambda = opts.lambda ?? 1e-4;
  const tol = opts.tolerance ?? 1e-10;
  const maxIt = opts.maxIterations ?? 100;
  const reuseBelow = opts.reuseHessianBelow ?? 1e-5;
  const sampledAbove = opts.sampledHessianAbove ?? 1e-4;
  const sampleRows = opts.hessianSampleRows ?? 100_000;
  const sampleStride = n >= 4 * sampleRows ? Math.floor(n / sampleRows) : 1;
  const q = p + 1;
  const mu = new Float64Array(n);
  const grad = new Float64Array(q);

  // log(1 + e^z) − y·z for row i, storing μ_i = σ(z) — both without overflow.
  const rowLoss = (i: number, z: number): number => {
    const yi = y[i];
    if (z >= 0) {
      const e = Math.exp(-z);
      mu[i] = 1 / (1 + e);
      return z - yi * z + Math.log1p(e);
    }
    const e = Math.exp(z);
    mu[i] = e / (1 + e);
    return Math.log1p(e) - yi * z;
  };

  // One pass: mean log-loss, μ and the gradient at (b, w). Returns J. Four rows per sweep, so each coefficient
  // and gradient entry is loaded once per four rows; partial sums over 4096-row chunks keep the rounding error of
  // J small for large n.
  const g = new Float64Array(p);
  const evaluate = (beta: Float64Array): { loss: number; objective: number } => {
    g.fill(0);
    const w = beta.subarray(1);
    const b = beta[0];
    let loss = 0, chunk = 0, g0 = 0;
    const n4 = n - (n % 4);
    for (let i = 0; i < n4; i += 4) {
      if ((i & 4095) === 0) { loss += chunk; chunk = 0; }
      const a0 = i * p, a1 = a0 + p, a2 = a1 + p, a3 = a2 + p;
      let z0 = b, z1 = b, z2 = b, z3 = b;
      for (let j = 0; j < p; j++) {
        const wj = w[j];
        z0 += x[a0 + j] * wj; z1 += x[a1 + j] * wj; z2 += x[a2 + j] * wj; z3 += x[a3 + j] * wj;
      }
      chunk += rowLoss(i, z0) + rowLoss(i + 1, z1) + rowLoss(i + 2, z2) + rowLoss(i + 3, z3);
      const r0 = mu[i] - y[i], r1 = mu[i + 1] - y[i + 1], r2 = mu[i + 2] - y[i + 2], r3 = mu[i + 3] - y[i + 3];
      g0 += r0 + r1 + r2 + r3;
      for (let j = 0; j < p; j++) g[j] += r0 * x[a0 + j] + r1 * x[a1 + j] + r2 * x[a2 + j] + r3 * x[a3 + j];
    }
    for (let i = n4, base = n4 * p; i < n; i++, base += p) {
      let z = b;
      for (let j = 0; j < p; j++) z += x[base + j] * w[j];
      chunk += rowLoss(i, z);
      const r = mu[i] - y[i];
      g0 += r;
      for (let j = 0; j < p; j++) g[j] += r * x[base + j];
    }
    for (let j = 0; j < p; j++) grad[j + 1] = g[j];
    loss += chunk;
    grad[0] = g0 / n;
    let pen = 0;
    for (let j = 1; j < q; j++) {
      grad[j] = grad[j] / n + lambda * beta[j];
      pen += beta[j] * beta[j];
    }
    loss /= n;
    return { loss, objective: loss + 0.5 * lambda * pen };
  };

  // H = X̃ᵀ diag(μ(1−μ)) X̃ / n + λI' (upper triangle accumulated, then mirrored so it is exactly symmetric).
  const hessian = (stride: number): Matrix => {
    const h = new Float64Array(q * q);
    // Four rows per sweep: each entry of h is loaded and stored once per four rows instead of once per row.
    // With stride s > 1 the sweep takes rows i, i+s, i+2s, i+3s, then jumps 4s rows.
    const blocks = Math.floor(n / (4 * stride));
    const used = stride === 1 ? n : 4 * blocks;
    const n4 = stride === 1 ? n - (n % 4) : blocks * 4 * stride;
    for (let i = 0; i < n4; i += 4 * stride) {
      const a = i * p, b = a + stride * p, c = b + stride * p, d = c + stride * p;
      const i1 = i + stride, i2 = i1 + stride, i3 = i2 + stride;
      const w0 = mu[i] * (1 - mu[i]), w1 = mu[i1] * (1 - mu[i1]), w2 = mu[i2] * (1 - mu[i2]), w3 = mu[i3] * (1 - mu[i3]);
      h[0] += w0 + w1 + w2 + w3;
      for (let j = 0; j < p; j++) {
        const v0 = w0 * x[a + j], v1 = w1 * x[b + j], v2 = w2 * x[c + j], v3 = w3 * x[d + j];
        const row = (j + 1) * q + 1;
        h[j + 1] += v0 + v1 + v2 + v3;
        for (let k = j; k < p; k++) h[row + k] += v0 * x[a + k] + v1 * x[b + k] + v2 * x[c + k] + v3 * x[d + k];
      }
    }
    for (let i = stride === 1 ? n4 : n, base = n4 * p; i < n; i++, base += p) {
      const wi = mu[i] * (1 - mu[i]);
      h[0] += wi;
      for (let j = 0; j < p; j++) {
        const v = wi * x[base + j];
        const row = (j + 1) * q + 1;
        h[j + 1] += v;
        for (let k = j; k < p; k++) h[row + k] += v * x[base + k];
      }
    }
    const H = new Matrix(q, q);
    for (let a = 0; a < q; a++) {
      for (let c = a; c < q; c++) {
        const v = h[a * q + c] / used + (a === c && a > 0 ? lambda : 0);
        H.set(a, c, v);
        H.set(c, a, v);
      }
    }
    return H;
  };

  const newtonDirection = (H: Matrix): Float64Array => {
    const rhs = Matrix.columnVector(Array.from(grad, (g) => -g));
    const chol = new CholeskyDecomposition(H);
    // Not positive definite only when λ = 0 and the design is rank deficient: the SVD's pseudo-inverse then gives the
    // minimum-norm step, which moves only along identified directions.
    const d = chol.isPositiveDefinite() ? chol.solve(rhs) : solve(H, rhs, true);
    return Float64Array.from(d.getColumn(0));
  };

  const ybar = Math.min(Math.max(countOnes(y) / n, 1e-12), 1 - 1e-12);
  let beta = new Float64Array(q);
  beta[0] = Math.log(ybar / (1 - ybar));
  let cur = evaluate(beta);
  let gn = norm(grad);
  let H: Matrix | null = null;
  let hessianEvaluations = 0;
  let sampledHessians = 0;
  let iterations = 0;
  while (gn > tol && iterations < maxIt) {
    iterations++;
    const stale = H !== null && gn <= reuseBelow;
    if (!stale) {
      const stride = gn > sampledAbove ? sampleStride : 1;
      H = hessian(stride);
      hessianEvaluations++;
      if (stride > 1) sampledHessians++;
    }
    const d = newtonDirection(H!);
    let slope = 0;
    for (let j = 0; j < q; j++) slope += grad[j] * d[j];
    let t = 1;
    let accepted = false;
    const trial = new Float64Array(q);
    while (t > 1e-12) {
      for (let j = 0; j < q; j++) trial[j] = beta[j] + t * d[j];
      const next = evaluate(trial);
      // Armijo; near the optimum the predicted decrease drops below the rounding noise of J (a sum of n terms), so
      // there a step is judged by the gradient norm instead, which is computed without cancellation trouble.
      const armijo = next.objective <= cur.objective + 1e-4 * t * slope;
      const tiny = -slope <= 1e-10 * (1 + Math.abs(cur.objective));
      if (armijo || (tiny && norm(grad) < gn)) {
        beta = Float64Array.from(trial);
        cur = next;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) {
      cur = evaluate(beta);
      gn = norm(grad);
      if (stale) { H = null; continue; }
      break;
    }
    const before = gn;
    gn = norm(grad);
    // A chord step that did not shrink the gradient well: refresh the Hessian next time.
    if (stale && gn > 0.1 * before) H = null;
  }
  return {
    intercept: beta[0],
    coefficients: beta.slice(1),
    lambda,
    logLoss: cur.loss,
    objective: cur.objective,
    gradientNorm: gn,
    iterations,
    hessianEvaluations,
    sampledHessians,
    converged: gn <= tol,
  };
}

/** z = b + Xw for every row of a design. */
export function linearPredictor(design: Pick<Design, 'n' | 'p' | 'x'>, fit: Pick<LogisticFit, 'intercept' | 'coefficients'>): Float64Array {
  const { n, p, x } = design;
  const z = new Float64Array(n);
  const w = fit.coefficients;
  for (let i = 0, base = 0; i < n; i++, base += p) {
    let s = fit.intercept;
    for (let j = 0; j < p; j++) s += x[base + j] * w[j];
    z[i] = s;
  }
  return z;
}

/** Mean log-loss of outcomes y under linear predictors z. */
export function meanLogLoss(z: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    s += Math.max(zi, 0) - y[i] * zi + Math.log1p(Math.exp(-Math.abs(zi)));
  }
  return s / z.length;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function countOnes(y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  return s;
}
