/** Azure VM sizes the simulator knows, with their memory: what a node of that size can hold. */
export const VM_SIZES: Readonly<Record<string, { cores: number; memoryGiB: number; gpus?: number }>> = {
  STANDARD_DS1_V2: { cores: 1, memoryGiB: 3.5 },
  STANDARD_DS2_V2: { cores: 2, memoryGiB: 7 },
  STANDARD_DS3_V2: { cores: 4, memoryGiB: 14 },
  STANDARD_DS4_V2: { cores: 8, memoryGiB: 28 },
  STANDARD_D2_V3: { cores: 2, memoryGiB: 8 },
  STANDARD_D4_V3: { cores: 4, memoryGiB: 16 },
  STANDARD_F2S_V2: { cores: 2, memoryGiB: 4 },
  STANDARD_E4S_V3: { cores: 4, memoryGiB: 32 },
  STANDARD_NC6: { cores: 6, memoryGiB: 56, gpus: 1 },
};

export function vmSize(name: string): { cores: number; memoryGiB: number; gpus?: number } | undefined {
  return VM_SIZES[name.toUpperCase()];
}
