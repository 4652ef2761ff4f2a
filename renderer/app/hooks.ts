import { useDispatch, useSelector } from 'react-redux';
import type { AppDispatch, RootState } from './store';

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();

/** Commands need a live link; screens disable their actions otherwise (and say why). */
export const useHubReady = (): boolean => useAppSelector((s) => s.connection.status === 'connected');
