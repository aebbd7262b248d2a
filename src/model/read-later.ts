/**
 * An object whose `keys` are read by `read`, once, at the first access of any of them: the load
 * phase's large files that most runs never look at. A structured clone reads the getters, so a
 * worker's copy of the bundle gets the values themselves (a worker reads no file).
 */
export function readLater<T extends object>(keys: readonly (keyof T & string)[], read: () => T): T {
  let values: T | undefined;
  const lazy = {} as T;
  for (const key of keys) {
    Object.defineProperty(lazy, key, {
      enumerable: true,
      get: () => {
        values ??= read();
        return values[key];
      },
    });
  }
  return lazy;
}
